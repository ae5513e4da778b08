namespace TrialStartup.Workflows.Tests.Cli;

using System.Net;
using System.Text;
using TrialStartup.Cli;

/// <summary><c>forecast backtest</c> asks the host's API with the token from the environment and prints its figures.</summary>
public sealed class ForecastCommandTests
{
    private const string Report = """
        {"institutionId":"0b5c3a5e-0000-4000-8000-000000000001","from":"2026-01-01","to":null,"runs":500,"basis":"the basis",
         "points":[{"point":"submission","projects":40,"forecast":39,"p80Coverage":0.7949,"p50Coverage":0.4872,"medianAbsoluteErrorDays":12.5},
                   {"point":"halfway","projects":40,"forecast":40,"p80Coverage":0.825,"p50Coverage":0.5,"medianAbsoluteErrorDays":6}],
         "cases":[{},{}]}
        """;

    [Fact]
    public void Backtest_WhenTheHostAnswers_PrintsEachPointsCoverageAndError()
    {
        var host = new StubHost(HttpStatusCode.OK, Report);

        var (exit, stdout, _) = Run(host, "backtest", "--url", "http://hospital:5000", "--from", "2026-01-01", "--runs=500");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("http://hospital:5000/api/v1/forecasts/backtest?from=2026-01-01&runs=500", host.Asked!.RequestUri!.ToString());
        Assert.Equal("Bearer token-1", host.Asked.Headers.Authorization!.ToString());
        Assert.Contains("submission         40       39     79.5%     48.7%                     12.5", stdout, StringComparison.Ordinal);
        Assert.Contains("halfway            40       40     82.5%     50.0%                        6", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtest_OfASample_SaysHowMuchOfThePeriodItCovers()
    {
        var sampled = Report.Replace("\"runs\":500,", "\"runs\":10000,\"activated\":81,\"every\":9,", StringComparison.Ordinal);
        var (_, whole, _) = Run(new StubHost(HttpStatusCode.OK, Report), "backtest");

        var (exit, stdout, _) = Run(new StubHost(HttpStatusCode.OK, sampled), "backtest");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("10000 runs per forecast, 2 forecasts; a sample, 1 in every 9 of the 81 activated projects", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("a sample", whole, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtest_WhenTheHostRefuses_PrintsTheProblemAndFails()
    {
        var host = new StubHost(HttpStatusCode.BadRequest,
            """{"type":"https://trialstartup.dev/problems/invalid-request","code":"invalid-request","detail":"from must be an ISO date","field":"from"}""");

        var (exit, stdout, stderr) = Run(host, "backtest", "--from", "March");

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Equal("", stdout);
        Assert.Contains("400 invalid-request: from must be an ISO date (field from)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtest_WithoutAToken_IsAUsageErrorNamingTheVariable()
    {
        var host = new StubHost(HttpStatusCode.OK, Report);

        var error = Assert.Throws<UsageException>(() => ForecastCommand.Run(["backtest"], TextWriter.Null, TextWriter.Null, host, _ => null));

        Assert.Contains(HostApi.TokenVariable, error.Message, StringComparison.Ordinal);
        Assert.Null(host.Asked);
    }

    [Fact]
    public void Forecast_WithAnUnknownOption_IsAUsageErrorThroughTheCli()
    {
        var run = CliRun.Of("forecast", "backtest", "--institution", "x");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("unknown option '--institution'", run.Stderr, StringComparison.Ordinal);
    }

    private static (int Exit, string Stdout, string Stderr) Run(StubHost host, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = ForecastCommand.Run(args, stdout, stderr, host, name => name == HostApi.TokenVariable ? "token-1" : null);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private sealed class StubHost(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public HttpRequestMessage? Asked { get; private set; }

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Asked = request;
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }
}
