namespace GitMl.Core.Tracking;

/// <summary>
/// Git's wildmatch with WM_PATHNAME, on UTF-8 bytes as git sees them: '*' and '?' and '[...]' never match '/';
/// '**' matches across '/' only as a whole segment ("**/", "/**", "/**/", or the whole pattern), any other run of
/// stars is one '*'; '[...]' takes ranges, '!' or '^' to negate, '\' to escape and the POSIX classes
/// ([[:digit:]] ...) in the C locale; an unclosed '[' or an unknown class matches nothing; '\' makes the next
/// byte literal. The two abort results let a failed star give up at once instead of trying every split, so a
/// hostile pattern costs time in proportion to pattern times path, not exponential in its stars.
/// </summary>
internal static class Wildmatch
{
    private enum Result
    {
        Match,
        NoMatch,
        // No later position of the text can match: stop every star above.
        AbortAll,
        // Only a '**' above can still match, by taking in a '/'.
        AbortToDoubleStar,
    }

    public static bool IsMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text) =>
        Match(pattern, 0, text, 0) == Result.Match;

    private static Result Match(ReadOnlySpan<byte> p, int pi, ReadOnlySpan<byte> t, int ti)
    {
        for (; pi < p.Length; pi++, ti++)
        {
            byte pc = p[pi];
            if (ti >= t.Length && pc != '*')
            {
                return Result.AbortAll;
            }
            switch (pc)
            {
                case (byte)'\\':
                    // The next byte is literal; a pattern ending in '\' matches nothing.
                    if (++pi >= p.Length || t[ti] != p[pi])
                    {
                        return Result.NoMatch;
                    }
                    break;
                case (byte)'?':
                    if (t[ti] == '/')
                    {
                        return Result.NoMatch;
                    }
                    break;
                case (byte)'[':
                    var inClass = MatchClass(p, ref pi, t[ti]);
                    if (inClass != Result.Match)
                    {
                        return inClass;
                    }
                    break;
                case (byte)'*':
                    var star = MatchStar(p, ref pi, t, ref ti);
                    if (star is not { } decided)
                    {
                        break; // a single star before '/' took one segment: go on after that '/'
                    }
                    return decided;
                default:
                    if (t[ti] != pc)
                    {
                        return Result.NoMatch;
                    }
                    break;
            }
        }
        return ti >= t.Length ? Result.Match : Result.NoMatch;
    }

    /// <summary>
    /// The star(s) at <paramref name="pi"/> against the text from <paramref name="ti"/>. Null when a single star
    /// followed by '/' took the text up to its next '/': both indexes then point at those slashes.
    /// </summary>
    private static Result? MatchStar(ReadOnlySpan<byte> p, ref int pi, ReadOnlySpan<byte> t, ref int ti)
    {
        bool matchSlash = false;
        if (pi + 1 < p.Length && p[pi + 1] == '*')
        {
            int before = pi - 1;
            while (pi + 1 < p.Length && p[pi + 1] == '*')
            {
                pi++;
            }
            int next = pi + 1;
            bool segmentStart = before < 0 || p[before] == '/';
            bool segmentEnd = next >= p.Length || p[next] == '/' || (p[next] == '\\' && next + 1 < p.Length && p[next + 1] == '/');
            if (segmentStart && segmentEnd)
            {
                // "**/" may match no folder at all: "a/**/b" matches "a/b".
                if (next < p.Length && p[next] == '/' && Match(p, next + 1, t, ti) == Result.Match)
                {
                    return Result.Match;
                }
                matchSlash = true;
            }
        }
        int after = pi + 1;
        var rest = t[Math.Min(ti, t.Length)..];
        if (after >= p.Length)
        {
            // A trailing "**" takes everything; a trailing '*' only what is left of this segment.
            return !matchSlash && rest.Contains((byte)'/') ? Result.AbortToDoubleStar : Result.Match;
        }
        if (!matchSlash && p[after] == '/')
        {
            int slash = rest.IndexOf((byte)'/');
            if (slash < 0)
            {
                return Result.AbortAll;
            }
            pi = after;
            ti += slash;
            return null;
        }
        for (; ti < t.Length; ti++)
        {
            if (!IsSpecial(p[after]))
            {
                // What the star takes ends just before the next literal the pattern needs.
                byte literal = p[after];
                while (ti < t.Length && (matchSlash || t[ti] != '/') && t[ti] != literal)
                {
                    ti++;
                }
                if (ti >= t.Length || t[ti] != literal)
                {
                    return matchSlash ? Result.AbortAll : Result.AbortToDoubleStar;
                }
            }
            var matched = Match(p, after, t, ti);
            if (matched != Result.NoMatch)
            {
                if (!matchSlash || matched != Result.AbortToDoubleStar)
                {
                    return matched;
                }
            }
            else if (!matchSlash && t[ti] == '/')
            {
                return Result.AbortToDoubleStar;
            }
        }
        return Result.AbortAll;
    }

    /// <summary>The bracket expression at <paramref name="pi"/> against one byte; leaves pi on its closing ']'.</summary>
    private static Result MatchClass(ReadOnlySpan<byte> p, ref int pi, byte c)
    {
        if (++pi >= p.Length)
        {
            return Result.AbortAll;
        }
        byte pc = p[pi] == '^' ? (byte)'!' : p[pi];
        bool negated = pc == '!';
        if (negated)
        {
            if (++pi >= p.Length)
            {
                return Result.AbortAll;
            }
            pc = p[pi];
        }
        byte previous = 0;
        bool matched = false;
        // The first member may be ']' itself: "[]]" matches ']'.
        do
        {
            if (pc == '\\')
            {
                if (++pi >= p.Length)
                {
                    return Result.AbortAll;
                }
                pc = p[pi];
                matched |= c == pc;
            }
            else if (pc == '-' && previous != 0 && pi + 1 < p.Length && p[pi + 1] != ']')
            {
                pc = p[++pi];
                if (pc == '\\')
                {
                    if (++pi >= p.Length)
                    {
                        return Result.AbortAll;
                    }
                    pc = p[pi];
                }
                matched |= c >= previous && c <= pc;
                pc = 0; // a range cannot start another range
            }
            else if (pc == '[' && pi + 1 < p.Length && p[pi + 1] == ':')
            {
                int name = pi + 2;
                int close = p[name..].IndexOf((byte)']');
                if (close < 0)
                {
                    return Result.AbortAll;
                }
                close += name;
                if (close - name - 1 < 0 || p[close - 1] != ':')
                {
                    // Not "[:name:]": the '[' is an ordinary member.
                    matched |= c == '[';
                }
                else
                {
                    if (NamedClass(p[name..(close - 1)], c) is not { } inNamed)
                    {
                        return Result.AbortAll;
                    }
                    matched |= inNamed;
                    pi = close;
                    pc = 0;
                }
            }
            else
            {
                matched |= c == pc;
            }
            previous = pc;
            if (++pi >= p.Length)
            {
                return Result.AbortAll;
            }
            pc = p[pi];
        }
        while (pc != ']');
        return matched == negated || c == '/' ? Result.NoMatch : Result.Match;
    }

    /// <summary>Whether the byte is in the POSIX class of that name, as git's C-locale tests say; null for an unknown name.</summary>
    private static bool? NamedClass(ReadOnlySpan<byte> name, byte c)
    {
        bool upper = c is >= (byte)'A' and <= (byte)'Z';
        bool lower = c is >= (byte)'a' and <= (byte)'z';
        bool digit = c is >= (byte)'0' and <= (byte)'9';
        bool graph = c is > 0x20 and < 0x7f;
        return name switch
        {
            _ when name.SequenceEqual("alnum"u8) => upper || lower || digit,
            _ when name.SequenceEqual("alpha"u8) => upper || lower,
            _ when name.SequenceEqual("blank"u8) => c is (byte)' ' or (byte)'\t',
            _ when name.SequenceEqual("cntrl"u8) => c is < 0x20 or 0x7f,
            _ when name.SequenceEqual("digit"u8) => digit,
            _ when name.SequenceEqual("graph"u8) => graph,
            _ when name.SequenceEqual("lower"u8) => lower,
            _ when name.SequenceEqual("print"u8) => graph || c == ' ',
            _ when name.SequenceEqual("punct"u8) => graph && !(upper || lower || digit),
            _ when name.SequenceEqual("space"u8) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r',
            _ when name.SequenceEqual("upper"u8) => upper,
            _ when name.SequenceEqual("xdigit"u8) => digit || c is >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F',
            _ => null,
        };
    }

    private static bool IsSpecial(byte c) => c is (byte)'*' or (byte)'?' or (byte)'[' or (byte)'\\';
}
