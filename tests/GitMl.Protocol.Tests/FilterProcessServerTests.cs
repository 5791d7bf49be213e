using System.Text;
using GitMl.Protocol.FilterProcess;
using GitMl.Protocol.PktLine;

namespace GitMl.Protocol.Tests;

public class FilterProcessServerTests
{
    private delegate FilterStatus Handle(FilterRequest request, FilterResponse response);

    /// <summary>What a handler saw of one request (the content stream is only valid inside the handler).</summary>
    private sealed record Seen(FilterCommand Command, string Pathname, IReadOnlyDictionary<string, string> Metadata);

    private sealed class Session : IFilterHandler
    {
        private readonly Handle _handle;

        public Session(byte[] input, Handle handle)
        {
            _handle = handle;
            Server = new FilterProcessServer(new MemoryStream(input), Output, this, (r, e) => HandlerErrors.Add((r, e)));
        }

        public FilterProcessServer Server { get; }

        public MemoryStream Output { get; } = new();

        public List<Seen> Requests { get; } = [];

        public List<(FilterRequest Request, Exception Error)> HandlerErrors { get; } = [];

        public FilterStatus Handle(FilterRequest request, FilterResponse response)
        {
            Requests.Add(new Seen(request.Command, request.Pathname, request.Metadata));
            return _handle(request, response);
        }
    }

    private static byte[] ReadToEnd(Stream stream)
    {
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>A correct handler: reads all input first, then writes it back upper-cased.</summary>
    private static FilterStatus UpperCase(FilterRequest request, FilterResponse response)
    {
        byte[] input = ReadToEnd(request.Content);
        response.Content.Write(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(input).ToUpperInvariant()));
        return FilterStatus.Success;
    }

    private static Session Run(byte[] input, Handle handle)
    {
        var session = new Session(input, handle);
        session.Server.Run();
        return session;
    }

    private static void AssertBytes(Transcript expected, MemoryStream actual) =>
        Assert.Equal(Transcript.Show(expected.ToArray()), Transcript.Show(actual.ToArray()));

    // ---- handshake ----

    [Fact]
    public void A_full_session_negotiates_clean_and_smudge_and_answers_each_request()
    {
        var input = new Transcript()
            .ClientHandshake("clean", "smudge", "delay")
            .Request("clean", "data/a.bin", "hello"u8, "ref=refs/heads/main")
            .Request("smudge", "models/b.bin", "world"u8, "treeish=0123abcd", "blob=89ef")
            .ToArray();

        var session = Run(input, UpperCase);

        AssertBytes(new Transcript()
            .ServerHandshake("clean", "smudge")
            .SuccessResponse("HELLO"u8)
            .SuccessResponse("WORLD"u8), session.Output);
        Assert.Equal(new HashSet<string> { "clean", "smudge" }, session.Server.Capabilities);
        Assert.Collection(session.Requests,
            r =>
            {
                Assert.Equal(FilterCommand.Clean, r.Command);
                Assert.Equal("data/a.bin", r.Pathname);
                Assert.Equal(new Dictionary<string, string> { ["ref"] = "refs/heads/main" }, r.Metadata);
            },
            r =>
            {
                Assert.Equal(FilterCommand.Smudge, r.Command);
                Assert.Equal("models/b.bin", r.Pathname);
                Assert.Equal(new Dictionary<string, string> { ["treeish"] = "0123abcd", ["blob"] = "89ef" }, r.Metadata);
            });
        Assert.Empty(session.HandlerErrors);
    }

    [Fact]
    public void Answers_only_the_capabilities_git_offered()
    {
        var input = new Transcript().ClientHandshake("smudge").ToArray();

        var session = Run(input, UpperCase);

        AssertBytes(new Transcript().ServerHandshake("smudge"), session.Output);
        Assert.Equal(new HashSet<string> { "smudge" }, session.Server.Capabilities);
    }

    [Fact]
    public void Accepts_a_version_list_that_includes_2()
    {
        var input = new Transcript()
            .Text("git-filter-client").Text("version=1").Text("version=2").Text("version=3").Flush()
            .Text("capability=clean").Flush()
            .ToArray();

        var session = Run(input, UpperCase);

        AssertBytes(new Transcript().ServerHandshake("clean"), session.Output);
    }

    [Theory]
    [InlineData("git-filter-server")]
    [InlineData("git-filter-client ")]
    [InlineData("hello")]
    [InlineData("")]
    public void A_bad_welcome_is_a_protocol_error_and_nothing_is_written(string welcome)
    {
        var input = new Transcript().Text(welcome).Text("version=2").Flush().Text("capability=clean").Flush().ToArray();
        var session = new Session(input, UpperCase);

        var e = Assert.Throws<ProtocolException>(session.Server.Run);
        Assert.Contains("git-filter-client", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, session.Output.Length);
    }

    [Fact]
    public void A_flush_instead_of_the_welcome_is_a_protocol_error()
    {
        var session = new Session(new Transcript().Flush().ToArray(), UpperCase);

        Assert.Throws<ProtocolException>(session.Server.Run);
        Assert.Equal(0, session.Output.Length);
    }

    [Fact]
    public void An_empty_input_is_a_protocol_error()
    {
        var session = new Session([], UpperCase);

        Assert.Throws<ProtocolException>(session.Server.Run);
        Assert.Equal(0, session.Output.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("version=1")]
    [InlineData("version=3,version=20")]
    [InlineData("version=2 ")]
    [InlineData("version=22")]
    public void Without_version_2_the_handshake_fails_before_answering(string versions)
    {
        var input = new Transcript().Text("git-filter-client");
        foreach (string v in versions.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            input.Text(v);
        }
        var session = new Session(input.Flush().Text("capability=clean").Flush().ToArray(), UpperCase);

        var e = Assert.Throws<ProtocolException>(session.Server.Run);
        Assert.Contains("version=2", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, session.Output.Length);
    }

    [Fact]
    public void A_capability_line_of_another_form_is_a_protocol_error()
    {
        var input = new Transcript()
            .Text("git-filter-client").Text("version=2").Flush()
            .Text("capability=clean").Text("clean").Flush()
            .ToArray();
        var session = new Session(input, UpperCase);

        Assert.Throws<ProtocolException>(session.Server.Run);
    }

    [Fact]
    public void End_of_stream_during_the_capabilities_is_a_protocol_error()
    {
        var input = new Transcript().Text("git-filter-client").Text("version=2").Flush().Text("capability=clean").ToArray();
        var session = new Session(input, UpperCase);

        Assert.Throws<ProtocolException>(session.Server.Run);
    }

    // ---- the request loop ----

    [Fact]
    public void End_of_stream_right_after_the_handshake_ends_the_session_cleanly()
    {
        var session = Run(new Transcript().ClientHandshake("clean", "smudge").ToArray(), UpperCase);

        AssertBytes(new Transcript().ServerHandshake("clean", "smudge"), session.Output);
        Assert.Empty(session.Requests);
    }

    [Fact]
    public void End_of_stream_between_requests_ends_the_session_cleanly()
    {
        var input = new Transcript().ClientHandshake("clean").Request("clean", "a", "x"u8).ToArray();

        var session = Run(input, UpperCase);

        AssertBytes(new Transcript().ServerHandshake("clean").SuccessResponse("X"u8), session.Output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void End_of_stream_inside_the_request_headers_is_a_protocol_error(bool afterFirstLine)
    {
        var input = new Transcript().ClientHandshake("clean").Text("command=clean");
        if (afterFirstLine)
        {
            input.Text("pathname=a");
        }
        var session = new Session(input.ToArray(), UpperCase);

        Assert.Throws<ProtocolException>(session.Server.Run);
        Assert.Empty(session.Requests);
    }

    [Fact]
    public void End_of_stream_inside_a_packet_of_the_headers_is_a_protocol_error()
    {
        var input = new Transcript().ClientHandshake("clean").Text("command=clean").Raw("0010pathn").ToArray();
        var session = new Session(input, UpperCase);

        Assert.Throws<ProtocolException>(session.Server.Run);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void End_of_stream_inside_the_content_is_a_protocol_error_not_a_handler_error(bool handlerReads)
    {
        var input = new Transcript()
            .ClientHandshake("clean")
            .Text("command=clean").Text("pathname=a").Flush()
            .Content(new byte[100_000])
            .ToArray();
        var session = new Session(input, handlerReads ? UpperCase : (_, _) => FilterStatus.Success);

        Assert.Throws<ProtocolException>(session.Server.Run);
        Assert.Single(session.Requests);
        Assert.Empty(session.HandlerErrors);
        // Nothing but the handshake: a success status for content that never fully arrived would be a lie.
        AssertBytes(new Transcript().ServerHandshake("clean"), session.Output);
    }

    [Fact]
    public void A_request_starting_with_a_flush_is_a_protocol_error()
    {
        var input = new Transcript().ClientHandshake("clean").Flush().ToArray();
        var session = new Session(input, UpperCase);

        Assert.Throws<ProtocolException>(session.Server.Run);
    }

    [Theory]
    [InlineData("no-equals-sign")]
    [InlineData("=value")]
    public void A_request_line_that_is_not_key_value_is_a_protocol_error(string line)
    {
        var input = new Transcript().ClientHandshake("clean").Text("command=clean").Text(line).Flush().Flush().ToArray();
        var session = new Session(input, UpperCase);

        Assert.Throws<ProtocolException>(session.Server.Run);
        Assert.Empty(session.Requests);
    }

    [Fact]
    public void A_header_value_may_contain_equals_signs()
    {
        var input = new Transcript().ClientHandshake("clean").Request("clean", "a=b=c", "x"u8, "ref=refs/heads/x=y").ToArray();

        var session = Run(input, UpperCase);

        Assert.Equal("a=b=c", Assert.Single(session.Requests).Pathname);
        Assert.Equal("refs/heads/x=y", session.Requests[0].Metadata["ref"]);
    }

    [Fact]
    public void Empty_content_and_empty_output_give_an_empty_success_response()
    {
        var input = new Transcript().ClientHandshake("clean").Request("clean", "empty", []).ToArray();

        var session = Run(input, UpperCase);

        AssertBytes(new Transcript().ServerHandshake("clean")
            .Text("status=success").Flush().Flush().Flush(), session.Output);
    }

    // ---- statuses ----

    [Fact]
    public void Error_before_any_output_sends_only_status_error_and_the_session_goes_on()
    {
        var input = new Transcript()
            .ClientHandshake("clean", "smudge")
            .Request("smudge", "bad", new byte[70_000])
            .Request("smudge", "good", "ok"u8)
            .ToArray();

        var session = Run(input, (r, s) => r.Pathname == "bad" ? FilterStatus.Error : UpperCase(r, s));

        AssertBytes(new Transcript()
            .ServerHandshake("clean", "smudge")
            .Text("status=error").Flush()
            .SuccessResponse("OK"u8), session.Output);
    }

    [Fact]
    public void Error_after_output_sends_the_content_then_status_error()
    {
        var input = new Transcript().ClientHandshake("smudge").Request("smudge", "half", "abc"u8).ToArray();

        var session = Run(input, (r, s) =>
        {
            ReadToEnd(r.Content);
            s.Content.Write("partial"u8);
            Assert.True(s.HasStarted);
            return FilterStatus.Error;
        });

        AssertBytes(new Transcript()
            .ServerHandshake("smudge")
            .Text("status=success").Flush()
            .Content("partial"u8).Flush()
            .Text("status=error").Flush(), session.Output);
    }

    [Fact]
    public void Abort_before_any_output_sends_status_abort()
    {
        var input = new Transcript().ClientHandshake("clean").Request("clean", "a", "abc"u8).Request("clean", "b", "d"u8).ToArray();

        var session = Run(input, (r, s) => r.Pathname == "a" ? FilterStatus.Abort : UpperCase(r, s));

        AssertBytes(new Transcript()
            .ServerHandshake("clean")
            .Text("status=abort").Flush()
            .SuccessResponse("D"u8), session.Output);
    }

    [Fact]
    public void Abort_after_output_sends_the_content_then_status_abort()
    {
        var input = new Transcript().ClientHandshake("clean").Request("clean", "a", "abc"u8).ToArray();

        var session = Run(input, (r, s) =>
        {
            ReadToEnd(r.Content);
            s.Content.Write("xy"u8);
            return FilterStatus.Abort;
        });

        AssertBytes(new Transcript()
            .ServerHandshake("clean")
            .Text("status=success").Flush()
            .Content("xy"u8).Flush()
            .Text("status=abort").Flush(), session.Output);
    }

    [Fact]
    public void An_empty_write_does_not_start_the_response()
    {
        var input = new Transcript().ClientHandshake("clean").Request("clean", "a", "abc"u8).ToArray();

        var session = Run(input, (_, s) =>
        {
            s.Content.Write([]);
            Assert.False(s.HasStarted);
            return FilterStatus.Error;
        });

        AssertBytes(new Transcript().ServerHandshake("clean").Text("status=error").Flush(), session.Output);
    }

    [Fact]
    public void A_handler_exception_is_reported_answered_with_error_and_the_session_goes_on()
    {
        var input = new Transcript()
            .ClientHandshake("clean")
            .Request("clean", "throws", new byte[100_000])
            .Request("clean", "fine", "abc"u8)
            .ToArray();
        var failure = new InvalidOperationException("disk on fire");

        var session = Run(input, (r, s) =>
        {
            if (r.Pathname == "throws")
            {
                r.Content.ReadExactly(new byte[10]);
                throw failure;
            }
            return UpperCase(r, s);
        });

        AssertBytes(new Transcript()
            .ServerHandshake("clean")
            .Text("status=error").Flush()
            .SuccessResponse("ABC"u8), session.Output);
        var (request, error) = Assert.Single(session.HandlerErrors);
        Assert.Equal("throws", request.Pathname);
        Assert.Equal(FilterCommand.Clean, request.Command);
        Assert.Same(failure, error);
    }

    [Fact]
    public void A_handler_exception_after_output_sends_the_buffered_content_then_status_error()
    {
        var input = new Transcript().ClientHandshake("clean").Request("clean", "a", "abc"u8).Request("clean", "b", "d"u8).ToArray();

        var session = Run(input, (r, s) =>
        {
            if (r.Pathname == "a")
            {
                ReadToEnd(r.Content);
                s.Content.Write("par"u8);
                throw new IOException("broken");
            }
            return UpperCase(r, s);
        });

        AssertBytes(new Transcript()
            .ServerHandshake("clean")
            .Text("status=success").Flush()
            .Content("par"u8).Flush()
            .Text("status=error").Flush()
            .SuccessResponse("D"u8), session.Output);
        Assert.IsType<IOException>(Assert.Single(session.HandlerErrors).Error);
    }

    [Fact]
    public void A_protocol_exception_from_a_handler_ends_the_session()
    {
        var input = new Transcript().ClientHandshake("clean").Request("clean", "a", "abc"u8).ToArray();
        var session = new Session(input, (_, _) => throw new ProtocolException("peer went mad"));

        var e = Assert.Throws<ProtocolException>(session.Server.Run);
        Assert.Equal("peer went mad", e.Message);
        Assert.Empty(session.HandlerErrors);
    }

    [Fact]
    public void Output_written_before_the_input_is_read_waits_for_the_input_to_be_drained()
    {
        // The first request's content spans several packets; the handler answers without reading any of it.
        var content = new byte[200_000];
        new Random(5).NextBytes(content);
        var input = new Transcript()
            .ClientHandshake("clean", "smudge")
            .Request("clean", "eager", content)
            .Request("smudge", "next", "after"u8, "blob=1234")
            .ToArray();

        var session = Run(input, (r, s) => r.Pathname == "eager"
            ? WriteThenReturn(s, "pointer"u8.ToArray())
            : UpperCase(r, s));

        AssertBytes(new Transcript()
            .ServerHandshake("clean", "smudge")
            .SuccessResponse("pointer"u8)
            .SuccessResponse("AFTER"u8), session.Output);
        Assert.Equal(["eager", "next"], session.Requests.Select(r => r.Pathname));
        Assert.Equal("1234", session.Requests[1].Metadata["blob"]);
    }

    [Theory]
    [InlineData(FilterStatus.Success)]
    [InlineData(FilterStatus.Error)]
    public void Nothing_of_a_response_is_written_before_its_request_has_been_read_to_the_end(FilterStatus status)
    {
        // On pipes, git writes a whole request before reading any reply: a reply sent while the request is still
        // coming could fill the pipe and deadlock both sides. The handler here writes before it reads anything.
        var handshake = new Transcript().ClientHandshake("clean").ToArray();
        var request = new Transcript().Request("clean", "eager", new byte[300_000]).ToArray();
        var input = new MemoryStream([.. handshake, .. request, .. new Transcript().Request("clean", "b", "x"u8).ToArray()]);
        var output = new OrderProbeStream(input);
        var handler = new DelegateHandler((r, s) => r.Pathname == "eager" ? WriteThenReturn(s, new byte[100_000], status) : UpperCase(r, s));
        var server = new FilterProcessServer(input, output, handler, (_, e) => throw e);

        server.Run();

        int handshakeReply = new Transcript().ServerHandshake("clean").ToArray().Length;
        var replyWrites = output.Writes.Where(w => w.OutputOffset >= handshakeReply).ToList();
        Assert.NotEmpty(replyWrites);
        Assert.All(replyWrites, w => Assert.True(w.InputPosition >= handshake.Length + request.Length,
            $"output at offset {w.OutputOffset} was written when only {w.InputPosition} input bytes of {handshake.Length + request.Length} had been read"));
    }

    [Fact]
    public void A_handler_that_streams_input_to_output_gets_an_error_not_silently_truncated_content()
    {
        // Writing drains the request (see IFilterHandler), so a handler copying input to output as it reads it
        // would otherwise see the content end after its first chunk and report success for a truncated file.
        var content = new byte[300_000];
        new Random(11).NextBytes(content);
        var input = new Transcript()
            .ClientHandshake("smudge")
            .Request("smudge", "streamed", content)
            .Request("smudge", "next", "n"u8)
            .ToArray();

        var session = Run(input, (r, s) =>
        {
            if (r.Pathname != "streamed")
            {
                return UpperCase(r, s);
            }
            var buffer = new byte[1000];
            int n;
            while ((n = r.Content.Read(buffer, 0, buffer.Length)) > 0)
            {
                s.Content.Write(buffer, 0, n);
            }
            return FilterStatus.Success;
        });

        AssertBytes(new Transcript()
            .ServerHandshake("smudge")
            .Text("status=success").Flush()
            .Content(content.AsSpan(0, 1000)).Flush()
            .Text("status=error").Flush()
            .SuccessResponse("N"u8), session.Output);
        Assert.IsType<InvalidOperationException>(Assert.Single(session.HandlerErrors).Error);
    }

    private sealed class DelegateHandler(Handle handle) : IFilterHandler
    {
        public FilterStatus Handle(FilterRequest request, FilterResponse response) => handle(request, response);
    }

    private static FilterStatus WriteThenReturn(FilterResponse response, byte[] output, FilterStatus status)
    {
        response.Content.Write(output);
        return status;
    }

    private static FilterStatus WriteThenReturn(FilterResponse response, byte[] output)
    {
        response.Content.Write(output);
        return FilterStatus.Success;
    }

    [Fact]
    public void A_handler_that_reads_only_part_of_the_input_leaves_the_next_request_intact()
    {
        var input = new Transcript()
            .ClientHandshake("clean")
            .Request("clean", "partial", new byte[150_000])
            .Request("clean", "next", "z"u8)
            .ToArray();

        var session = Run(input, (r, s) =>
        {
            if (r.Pathname == "partial")
            {
                r.Content.ReadExactly(new byte[1000]);
                return FilterStatus.Success;
            }
            return UpperCase(r, s);
        });

        AssertBytes(new Transcript()
            .ServerHandshake("clean")
            .SuccessResponse([])
            .SuccessResponse("Z"u8), session.Output);
    }

    [Theory]
    [InlineData("process")]
    [InlineData("list_available_blobs")]
    [InlineData("CLEAN")]
    [InlineData("")]
    public void An_unknown_command_is_answered_with_error_without_calling_the_handler(string command)
    {
        var input = new Transcript()
            .ClientHandshake("clean", "smudge")
            .Request(command, "a", "content"u8)
            .Request("clean", "b", "ok"u8)
            .ToArray();

        var session = Run(input, UpperCase);

        AssertBytes(new Transcript()
            .ServerHandshake("clean", "smudge")
            .Text("status=error").Flush()
            .SuccessResponse("OK"u8), session.Output);
        Assert.Equal(["b"], session.Requests.Select(r => r.Pathname));
    }

    [Fact]
    public void A_command_that_was_not_negotiated_is_answered_with_error()
    {
        var input = new Transcript()
            .ClientHandshake("smudge")
            .Request("clean", "a", "content"u8)
            .Request("smudge", "b", "ok"u8)
            .ToArray();

        var session = Run(input, UpperCase);

        AssertBytes(new Transcript()
            .ServerHandshake("smudge")
            .Text("status=error").Flush()
            .SuccessResponse("OK"u8), session.Output);
        Assert.Equal(["b"], session.Requests.Select(r => r.Pathname));
    }

    [Fact]
    public void A_request_without_a_pathname_is_answered_with_error()
    {
        var input = new Transcript()
            .ClientHandshake("clean")
            .Text("command=clean").Flush().Content("abc"u8).Flush()
            .Request("clean", "b", "ok"u8)
            .ToArray();

        var session = Run(input, UpperCase);

        AssertBytes(new Transcript()
            .ServerHandshake("clean")
            .Text("status=error").Flush()
            .SuccessResponse("OK"u8), session.Output);
    }

    // ---- large content ----

    [Fact]
    public void Five_megabytes_round_trip_in_packets_of_at_most_65520_bytes()
    {
        var content = new byte[5 * 1024 * 1024 + 17];
        new Random(42).NextBytes(content);
        byte[]? received = null;
        var input = new Transcript()
            .ClientHandshake("clean", "smudge")
            .Text("command=smudge").Text("pathname=big.bin").Flush()
            .Content(content, packetPayload: 40_000) // git's packets need not be full ones
            .Flush()
            .Request("clean", "after", "x"u8)
            .ToArray();

        var session = Run(input, (r, s) =>
        {
            if (r.Pathname != "big.bin")
            {
                return UpperCase(r, s);
            }
            received = ReadToEnd(r.Content);
            // Write in uneven pieces to exercise the packet framing.
            for (int at = 0; at < received.Length; at += 100_003)
            {
                s.Content.Write(received, at, Math.Min(100_003, received.Length - at));
            }
            return FilterStatus.Success;
        });

        Assert.Equal(content, received);
        var reply = ParseResponse(session.Output.ToArray(), handshakePackets: 6);
        Assert.Equal(["status=success"], reply.Headers);
        Assert.Equal(content, reply.Content);
        Assert.All(reply.PacketLengths, length => Assert.InRange(length, 5, 65520));
        Assert.Equal((content.Length + 65515) / 65516, reply.PacketLengths.Count);
        Assert.Empty(reply.Trailer);
        Assert.Equal(new Transcript().SuccessResponse("X"u8).ToArray(), reply.Rest);
    }

    private sealed record ParsedResponse(List<string> Headers, byte[] Content, List<int> PacketLengths, List<string> Trailer, byte[] Rest);

    /// <summary>Splits server output after the handshake into one response and what follows, checking framing.</summary>
    private static ParsedResponse ParseResponse(byte[] output, int handshakePackets)
    {
        int at = 0;
        for (int i = 0; i < handshakePackets; i++)
        {
            at += Math.Max(4, HeaderAt(output, at));
        }
        var headers = ReadTextsUntilFlush(output, ref at);
        var content = new MemoryStream();
        var lengths = new List<int>();
        int length;
        while ((length = HeaderAt(output, at)) != 0)
        {
            lengths.Add(length);
            content.Write(output, at + 4, length - 4);
            at += length;
        }
        at += 4;
        var trailer = ReadTextsUntilFlush(output, ref at);
        return new ParsedResponse(headers, content.ToArray(), lengths, trailer, output[at..]);
    }

    private static List<string> ReadTextsUntilFlush(byte[] output, ref int at)
    {
        var lines = new List<string>();
        int length;
        while ((length = HeaderAt(output, at)) != 0)
        {
            lines.Add(Encoding.UTF8.GetString(output, at + 4, length - 4).TrimEnd('\n'));
            at += length;
        }
        at += 4;
        return lines;
    }

    private static int HeaderAt(byte[] bytes, int at) =>
        int.Parse(Encoding.ASCII.GetString(bytes, at, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
}
