namespace TrialStartup.Api.Inspection;

using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Localization;
using TrialStartup.Api.Documents;
using TrialStartup.Data.Decisions;
using TrialStartup.Data.Inspection;
using TrialStartup.Data.Organisations;
using TrialStartup.Data.Trials;

/// <summary>
/// An archive's <c>summary.html</c>: the trial, each site's path and turnaround, and every signed decision with who
/// signed, the meaning and time of the signature and the document versions it covered. Every label is given in Chinese
/// and English side by side, from this class's resources, so one printout serves an NMPA and an FDA inspector. The page
/// is self-contained (styles inline, no script, no outside resource) so it opens and prints anywhere, years later.
/// </summary>
public sealed class InspectionSummary(IStringLocalizer<InspectionSummary> text)
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    internal string Render(InspectionExport export, Sponsor? sponsor, IReadOnlyList<SummarySite> sites, IReadOnlyList<ArchiveSourceFile> definitions,
        IReadOnlyList<ArchiveSourceFile> calendars)
    {
        var trial = export.Trial;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Plain("Title")).Append(" · ")
            .Append(Encode(trial.ProtocolNumber)).Append("</title>\n<style>")
            .Append("body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em;color:#111}")
            .Append("table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top;font-size:.9em}")
            .Append("th{background:#eee}.en{color:#444}.hash{font-family:monospace;font-size:.8em;word-break:break-all}")
            .Append("section{page-break-inside:avoid}@media print{body{margin:0}}</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(Both("Title")).Append("</h1>\n<table>\n");
        Row(html, "ProtocolNumber", Encode(trial.ProtocolNumber));
        Row(html, "TrialTitle", Encode(trial.Title));
        Row(html, "Sponsor", Encode(sponsor is null ? trial.SponsorId.ToString() : Names(sponsor.Name, sponsor.EnglishName)));
        Row(html, "Phase", Encode(trial.Phase));
        Row(html, "ProductType", Encode(trial.ProductType));
        Row(html, "MultiCenter", Both(trial.MultiCenter ? "Yes" : "No"));
        Row(html, "Innovative", Both(trial.Innovative ? "Yes" : "No"));
        Row(html, "GeneratedAt", Encode(Time(export.GeneratedAt, null)));
        Row(html, "GeneratedBy", Encode($"{export.Author.Name} ({export.Author.Organisation}, {export.Author.Role})"));
        Row(html, "Documents", Both(export.Documents == ArchiveDocuments.Include ? "DocumentsIncluded" : "DocumentsReferenced"));
        html.Append("</table>\n<p>").Append(Both("HowToVerify")).Append(" <code>audit verify --archive &lt;file.zip&gt;</code></p>\n");

        if (sites.Count == 0)
        {
            html.Append("<p>").Append(Both("NoSites")).Append("</p>\n");
        }

        foreach (var site in sites)
        {
            Site(html, site);
        }

        html.Append("<h2>").Append(Both("RanOn")).Append("</h2>\n<table>\n<tr><th>").Append(Both("SourceId")).Append("</th><th>SHA-256</th><th>")
            .Append(Both("SourceFile")).Append("</th></tr>\n");
        foreach (var source in definitions.Concat(calendars))
        {
            var id = source.Version is { } version ? $"{source.Id} v{version}" : source.Id;
            html.Append("<tr><td>").Append(Encode(id)).Append("</td><td class=\"hash\">").Append(source.Sha256).Append("</td><td>")
                .Append(source.Path is { } path ? Encode(path) : Both("NotHeld")).Append("</td></tr>\n");
        }

        html.Append("</table>\n</body>\n</html>\n");
        return html.ToString();
    }

    private void Site(StringBuilder html, SummarySite site)
    {
        var project = site.Project;
        var zone = site.Institution?.TimeZone;
        html.Append("<section>\n<h2>").Append(Encode(site.Institution is { } i ? Names(i.Name, i.EnglishName) : project.InstitutionId.ToString()))
            .Append(" · ").Append(Both("Role_" + project.SiteRole.Name())).Append("</h2>\n<table>\n");
        Row(html, "SiteProject", Encode(project.Id.ToString("D")));
        Row(html, "Status", Encode(site.Status is { } status ? $"{status.Status.ToString().ToLowerInvariant()}{(status.Result is { } r ? " · " + r : "")}" : "-"));
        Row(html, "SubmittedAt", project.SubmittedAt is { } submitted ? Encode(Time(submitted, zone)) : Both("NotSubmitted"));
        Row(html, "EndedAt", site.Status?.EndedAt is { } ended ? Encode(Time(ended, zone)) : Both("NotFinished"));
        if (project.SubmittedAt is { } from)
        {
            var until = site.Status?.EndedAt;
            Row(html, "Turnaround", until is { } to ? Days(to - from) : Both("NotFinished"));
        }

        Row(html, "DocumentVersions", site.DocumentVersions.ToString(CultureInfo.InvariantCulture));
        html.Append("</table>\n<h3>").Append(Both("Decisions")).Append("</h3>\n");
        if (site.Decisions.Count == 0)
        {
            html.Append("<p>").Append(Both("NoDecisions")).Append("</p>\n");
        }
        else
        {
            html.Append("<table>\n<tr>");
            foreach (var heading in new[] { "Step", "Round", "Outcome", "SignedBy", "Meaning", "SignedAt", "Covered" })
            {
                html.Append("<th>").Append(Both(heading)).Append("</th>");
            }

            html.Append("</tr>\n");
            foreach (var decision in site.Decisions)
            {
                html.Append("<tr><td>").Append(StepName(decision.StepId)).Append("</td><td>").Append(decision.Round.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(Encode(decision.Outcome)).Append("</td><td>").Append(Encode($"{decision.PrintedName} ({decision.ActorRole}, {decision.ActorOrganisation})"))
                    .Append("</td><td>").Append(Encode(decision.SignatureMeaning)).Append("</td><td>").Append(Encode(Time(decision.SignedAt, zone)))
                    .Append("</td><td class=\"hash\">").Append(Covered(decision)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        if (site.Steps.Count > 0)
        {
            html.Append("<h3>").Append(Both("StepTimes")).Append("</h3>\n<table>\n<tr>");
            foreach (var heading in new[] { "Step", "Round", "HeldBy", "Opened", "Closed", "Days" })
            {
                html.Append("<th>").Append(Both(heading)).Append("</th>");
            }

            html.Append("</tr>\n");
            foreach (var step in site.Steps)
            {
                html.Append("<tr><td>").Append(StepName(step.StepId)).Append("</td><td>").Append(step.Round.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(Encode(step.HeldBy)).Append("</td><td>").Append(Encode(Time(step.OpenedAt, zone))).Append("</td><td>")
                    .Append(Encode(Time(step.ClosedAt, zone))).Append("</td><td>").Append(Days(step.ClosedAt - step.OpenedAt)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("</section>\n");
    }

    private void Row(StringBuilder html, string label, string valueHtml) =>
        html.Append("<tr><th>").Append(Both(label)).Append("</th><td>").Append(valueHtml).Append("</td></tr>\n");

    // Each kind, version and SHA-256 the signature covered, as recorded in the signed record.
    private static string Covered(DecisionRecord decision)
    {
        try
        {
            var covered = System.Text.Json.JsonSerializer.Deserialize<List<CoveredDocument>>(decision.CoveredDocuments, InspectionArchive.Json) ?? [];
            return string.Join("<br>", covered.Select(c => Encode($"{c.Kind} v{c.Version} {c.Sha256}")));
        }
        catch (System.Text.Json.JsonException)
        {
            return Encode(decision.CoveredDocuments);
        }
    }

    private string StepName(string stepId) => Localised("Step_" + stepId, English) is null ? Encode(stepId) : Both("Step_" + stepId);

    /// <summary>The label in Chinese, then in English, as HTML.</summary>
    private string Both(string key) =>
        $"<span lang=\"zh-CN\">{Encode(Localised(key, Chinese) ?? key)}</span> <span lang=\"en\" class=\"en\">{Encode(Localised(key, English) ?? key)}</span>";

    private string Plain(string key) => Encode($"{Localised(key, Chinese)} {Localised(key, English)}");

    private string? Localised(string key, CultureInfo culture) => text.In(key, culture);

    private static string Names(string name, string englishName) => englishName.Length > 0 && englishName != name ? $"{name} ({englishName})" : name;

    private static string Days(TimeSpan span) => span.TotalDays.ToString("0.0", CultureInfo.InvariantCulture);

    // In the institution's time zone with its offset shown, so a printed time is unambiguous.
    private static string Time(DateTimeOffset at, string? zone)
    {
        var local = at;
        try
        {
            local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(zone ?? Institution.DefaultTimeZone));
        }
        catch (TimeZoneNotFoundException)
        {
            local = at.ToUniversalTime();
        }

        return local.ToString("yyyy-MM-dd HH:mm 'UTC'zzz", CultureInfo.InvariantCulture);
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
