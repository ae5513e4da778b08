namespace TrialStartup.Workflows.Tests.Cli;

using System.Net;
using System.Net.Http.Headers;
using TrialStartup.Cli;

/// <summary>
/// <c>trialstartup white-paper</c>'s own rules, with a stub for the host (the command against a real host is in the Api
/// tests, HostCommandTests): where the file goes when no <c>--out</c> is given.
/// </summary>
public sealed class WhitePaperCommandTests
{
    [Fact]
    public void WithoutOut_TheHostsFileName_IsWrittenInTheCurrentFolder_NeverWhereAPathInItPoints()
    {
        var name = $"white-paper-test-{Guid.NewGuid():N}.pdf";
        var escaped = Path.GetFullPath(Path.Combine("..", "..", name));
        var here = Path.GetFullPath(name);
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = WhitePaperCommand.Run(["--year", "2026"], stdout, stderr, new PaperHost("../../" + name), _ => "token-1");

            Assert.True(exit == ExitCodes.Ok, stderr.ToString());
            Assert.True(File.Exists(here), $"{here} was not written");
            Assert.False(File.Exists(escaped), $"{escaped} was written");
            Assert.Equal("%PDF-paper"u8.ToArray(), File.ReadAllBytes(here));
            Assert.Contains("wrote " + name, stdout.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(here + ".partial"));
        }
        finally
        {
            File.Delete(here);
            File.Delete(escaped);
        }
    }

    // A host that answers every request with a small "PDF" and the file name it offers.
    private sealed class PaperHost(string fileName) : HttpMessageHandler
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent("%PDF-paper"u8.ToArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = fileName };
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }
}
