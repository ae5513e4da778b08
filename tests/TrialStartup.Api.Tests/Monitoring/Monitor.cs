namespace TrialStartup.Api.Tests.Monitoring;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrialStartup.Api.Tests.Infrastructure;
using TrialStartup.Workflows.Runtime;
using TrialStartup.Workflows.Runtime.Commands;

/// <summary>The monitoring reports through HTTP, a reader of their CSV, and the deadline a timer job would fire.</summary>
internal static class Monitor
{
    /// <summary>Monday 2026-03-02 09:00 in Beijing: the start of every clocked monitoring test (March 2026 has no holidays).</summary>
    public static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    public static async Task<JsonElement> JsonAsync(HttpClient client, string pathAndQuery)
    {
        var response = await client.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The steps report's rows by (track, step).</summary>
    public static async Task<Dictionary<(string Track, string Step), JsonElement>> StepRowsAsync(HttpClient client, string query = "")
    {
        var report = await JsonAsync(client, "/api/v1/monitoring/steps" + query);
        return report.GetProperty("rows").EnumerateArray()
            .ToDictionary(r => (r.GetProperty("track").GetString()!, r.GetProperty("stepId").GetString()!));
    }

    /// <summary>The cycle-time rows by site project.</summary>
    public static async Task<Dictionary<Guid, JsonElement>> CycleRowsAsync(HttpClient client, string query = "")
    {
        var report = await JsonAsync(client, "/api/v1/monitoring/cycle-times" + query);
        return report.GetProperty("sites").EnumerateArray().ToDictionary(r => r.GetProperty("siteProjectId").GetGuid());
    }

    /// <summary>A number, or null for JSON null.</summary>
    public static double? Number(this JsonElement row, string property) =>
        row.GetProperty(property).ValueKind == JsonValueKind.Null ? null : row.GetProperty(property).GetDouble();

    /// <summary>Reads RFC 4180 text (quoted fields, doubled quotes, CRLF) into rows of fields.</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.True(field.Length == 0 && row.Count == 0, "the CSV ends with CRLF");
        return rows;
    }

    /// <summary>The CSV rows as dictionaries by header, after checking the answer is a CSV download.</summary>
    public static async Task<List<Dictionary<string, string>>> CsvAsync(HttpResponseMessage response, string fileNameStart)
    {
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.StartsWith(fileNameStart, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "the API answers programs without a byte-order mark (the workspace's downloads carry one)");
        var rows = ParseCsv(Encoding.UTF8.GetString(bytes));
        var header = rows[0];
        Assert.All(rows, r => Assert.Equal(header.Count, r.Count));
        return [.. rows.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second))];
    }

    public static double? CsvNumber(this Dictionary<string, string> row, string column) =>
        row[column].Length == 0 ? null : double.Parse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>
    /// Fires the project's armed breach deadline of a step as its timer job would once due (tests run no timer server);
    /// the caller has advanced the clock past it.
    /// </summary>
    public static async Task FireBreachAsync(ClockedApiFactory api, Guid project, string stepId)
    {
        var deadline = await api.WithDbAsync(db => db.Deadlines.AsNoTracking()
            .SingleAsync(d => d.SiteProjectId == project && d.StepId == stepId && d.Kind == "breach" && d.State == "armed"));
        Assert.True(deadline.DueAt <= api.Clock.GetUtcNow(), $"the breach of {stepId} is due at {deadline.DueAt:O}, not yet");
        await using var scope = api.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<WorkflowEngine>()
            .HandleAsync(new FireTimer(Guid.NewGuid(), deadline.WorkflowInstanceId, deadline.TimerId));
        Assert.True(result.IsAccepted, result.Refusal?.Message);
    }
}
