using System.Text;

namespace GitMl.Core.Drift;

/// <summary>
/// Reads delimited records one at a time from a stream (RFC 4180): fields separated by the delimiter, records by CRLF,
/// LF or a lone CR; a field in double quotes may hold delimiters, line breaks and doubled quotes (<c>""</c> is one
/// quote). A UTF-8 or UTF-16 byte order mark is skipped. Lines that are entirely empty are skipped (as pandas does).
/// A quote inside an unquoted field is kept as a literal character (as Python's csv module does).
/// </summary>
/// <remarks>
/// Memory holds one read buffer and the current record, whatever the size of the file: the fields of a record are
/// spans over one reused character buffer, valid until the next <see cref="Read"/>. Errors are
/// <see cref="CsvFormatException"/>s naming the file and line. The reader does not check that records have the same
/// number of fields; the caller knows what it expects.
/// </remarks>
public sealed class CsvRecordReader : IDisposable
{
    private const int BufferSize = 1 << 16;

    private readonly TextReader _reader;
    private readonly string _file;
    private readonly char _delimiter;
    private readonly char[] _buffer = new char[BufferSize];
    private int _position;
    private int _length;

    private char[] _chars = new char[256];
    private int _charCount;
    private int[] _ends = new int[16];
    private int _fieldCount;
    private long _line = 1;

    /// <summary>Reads <paramref name="stream"/> (UTF-8 unless a byte order mark says otherwise) and disposes it with the reader.</summary>
    /// <param name="stream">The bytes of the file.</param>
    /// <param name="file">The name errors give for the file.</param>
    /// <param name="delimiter">The field separator: ',' for CSV, '\t' for TSV; never a quote or a line break.</param>
    public CsvRecordReader(Stream stream, string file, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentException("the delimiter cannot be a quote or a line break", nameof(delimiter));
        }
        _reader = new StreamReader(stream, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, BufferSize);
        _file = file;
        _delimiter = delimiter;
    }

    /// <summary>The 1-based line on which the current record starts.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The number of fields in the current record (at least 1).</summary>
    public int FieldCount => _fieldCount;

    /// <summary>Field <paramref name="index"/> of the current record, unquoted; valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<char> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _fieldCount);
            int start = index == 0 ? 0 : _ends[index - 1];
            return _chars.AsSpan(start, _ends[index] - start);
        }
    }

    /// <summary>Moves to the next record; false at the end of the stream.</summary>
    /// <exception cref="CsvFormatException">A quoted field is not closed, or text follows a closing quote.</exception>
    public bool Read()
    {
        while (true)
        {
            _fieldCount = 0;
            _charCount = 0;
            LineNumber = _line;
            int c = Next();
            switch (c)
            {
                case < 0:
                    return false;
                case '\n':
                    _line++;
                    continue;
                case '\r':
                    SkipLineFeed();
                    _line++;
                    continue;
                default:
                    ReadRecord(c);
                    return true;
            }
        }
    }

    /// <summary>Every field of the current record as strings (for the header).</summary>
    public string[] Fields()
    {
        var fields = new string[_fieldCount];
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = this[i].ToString();
        }
        return fields;
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();

    private void ReadRecord(int c)
    {
        while (true)
        {
            c = c == '"' ? ReadQuoted() : ReadUnquoted(c);
            EndField();
            if (c == _delimiter)
            {
                c = Next();
                continue;
            }
            if (c == '\r')
            {
                SkipLineFeed();
            }
            if (c >= 0)
            {
                _line++;
            }
            return;
        }
    }

    /// <summary>Appends characters up to the next delimiter, line break or end, and returns that one.</summary>
    private int ReadUnquoted(int c)
    {
        while (c >= 0 && c != _delimiter && c != '\n' && c != '\r')
        {
            Append((char)c);
            c = Next();
        }
        return c;
    }

    /// <summary>Reads a quoted field after its opening quote; returns the character after the closing quote.</summary>
    private int ReadQuoted()
    {
        long startLine = _line;
        while (true)
        {
            int c = Next();
            if (c < 0)
            {
                throw new CsvFormatException(_file, startLine,
                    "a quoted field starting on this line is never closed (unterminated quote); close it with \" and write a quote inside a field as \"\"");
            }
            if (c == '"')
            {
                int after = Next();
                if (after == '"')
                {
                    Append('"');
                    continue;
                }
                if (after < 0 || after == _delimiter || after == '\n' || after == '\r')
                {
                    return after;
                }
                throw new CsvFormatException(_file, _line,
                    $"unexpected '{(char)after}' after a closing quote; a quote inside a quoted field must be doubled (\"\")");
            }
            Append((char)c);
            if (c == '\n')
            {
                _line++;
            }
            else if (c == '\r')
            {
                if (Peek() == '\n')
                {
                    Append((char)Next());
                }
                _line++;
            }
        }
    }

    private void SkipLineFeed()
    {
        if (Peek() == '\n')
        {
            Next();
        }
    }

    private void Append(char c)
    {
        if (_charCount == _chars.Length)
        {
            Array.Resize(ref _chars, _chars.Length * 2);
        }
        _chars[_charCount++] = c;
    }

    private void EndField()
    {
        if (_fieldCount == _ends.Length)
        {
            Array.Resize(ref _ends, _ends.Length * 2);
        }
        _ends[_fieldCount++] = _charCount;
    }

    private int Next()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }
        return _buffer[_position++];
    }

    private int Peek()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }
        return _buffer[_position];
    }

    private bool Fill()
    {
        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }
}
