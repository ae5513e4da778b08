namespace TrialStartup.Api.WhitePapers;

using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TrialStartup.Api.Auth;
using TrialStartup.Api.Authorities;
using TrialStartup.Api.Contract;
using TrialStartup.Api.Documents;
using TrialStartup.Api.Monitoring;
using TrialStartup.Api.Problems;
using TrialStartup.Data;
using TrialStartup.Data.Accounts;
using TrialStartup.Data.Organisations;

/// <summary>
/// <c>GET /api/v1/white-papers/{year}</c>: the annual white paper of the caller's institution, or of the caller's
/// authority's region, as JSON (its figures), HTML or PDF, in Chinese or English. Whose paper it is comes from the token
/// only, as every report's: no parameter names an organisation. The paper is made from the data on every request and
/// stamped with the data's state, so the same data always gives the same paper.
/// </summary>
public static class WhitePapersApi
{
    /// <summary>The formats a paper is given in.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["json", "html", "pdf"];

    /// <summary>The first year a paper may be asked for: before it there is no data to report.</summary>
    public const int FirstYear = 2000;

    /// <summary>Maps the endpoint.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        // {year} unconstrained, so "/white-papers/last" is a 400 naming the year rather than a 404 for a route not found.
        api.MapGet("/white-papers/{year}", GetByPathAsync).WithTags("WhitePapers").WithName("GetWhitePaper").OpenToAuthorities()
            .WithSummary("The annual start-up white paper of the caller's institution, or of its authority's region: JSON, HTML or PDF (format=), Chinese or English (language=)")
            .Produces<WhitePaper>().AddOpenApiOperationTransformer(DescribeOperation)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden);
    }

    // The printed forms of the same paper, chosen with format=, declared beside the JSON (a second Produces would replace
    // it); and the year as the integer it must be, though the route takes any text so that a wrong one is named.
    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.Name == "year") ?? [])
        {
            parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" };
        }

        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is { } content)
        {
            content.TryAdd("text/html", new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
            content.TryAdd("application/pdf", new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } });
        }

        return Task.CompletedTask;
    }

    private static Task<IResult> GetByPathAsync(string year, Caller? caller, TrialStartupDbContext db, WhitePaperBuilder builder, WhitePaperDocument documents,
        TimeProvider clock, CancellationToken cancellationToken, string? format = null, string? language = null) =>
        int.TryParse(year, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? GetAsync(number, caller, db, builder, documents, clock, cancellationToken, format, language)
            : Task.FromResult(ApiProblems.Invalid("year", $"year must be a calendar year such as {clock.GetUtcNow().Year}, not '{year}'"));

    /// <summary>The caller's paper as JSON, HTML or PDF (the API's, and the workspace's download).</summary>
    internal static async Task<IResult> GetAsync(int year, Caller? caller, TrialStartupDbContext db, WhitePaperBuilder builder, WhitePaperDocument documents,
        TimeProvider clock, CancellationToken cancellationToken, string? format = null, string? language = null)
    {
        var (paper, problem) = await BuildAsync(year, caller, db, builder, clock, format, language, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var chosen = (format ?? "json").ToLowerInvariant();
        if (chosen == "json")
        {
            return TypedResults.Ok(paper);
        }

        var document = documents.Compose(paper!, language ?? WhitePaperDocument.Languages[0]);
        var name = $"white-paper-{paper!.Code}-{year}-{document.Language}";
        return chosen == "pdf"
            ? TypedResults.File(DocumentPdf.Render(document), "application/pdf", name + ".pdf")
            : TypedResults.File(System.Text.Encoding.UTF8.GetBytes(DocumentHtml.Render(document)), "text/html; charset=utf-8", name + ".html");
    }

    // The caller's paper for the year, or the problem naming what was wrong (the parameters first, then who asks).
    private static async Task<(WhitePaper? Paper, IResult? Problem)> BuildAsync(int year, Caller? caller, TrialStartupDbContext db, WhitePaperBuilder builder,
        TimeProvider clock, string? format, string? language, CancellationToken cancellationToken)
    {
        var thisYear = clock.GetUtcNow().Year;
        if (year < FirstYear || year > thisYear)
        {
            return (null, ApiProblems.Invalid("year", $"year must be between {FirstYear} and {thisYear}, not {year}"));
        }

        if (format is not null && !Formats.Contains(format.ToLowerInvariant()))
        {
            return (null, ApiProblems.Invalid("format", $"format must be one of {string.Join(", ", Formats)}, not '{format}'"));
        }

        if (language is not null && !WhitePaperDocument.Languages.Contains(language))
        {
            return (null, ApiProblems.Invalid("language", $"language must be one of {string.Join(", ", WhitePaperDocument.Languages)}, not '{language}'"));
        }

        switch (caller?.OrganisationType)
        {
            case OrganisationKinds.Institution:
                var (institution, unregistered) = await MonitoringApi.CallerInstitutionAsync(caller, db, cancellationToken);
                return unregistered is not null ? (null, unregistered)
                    : (await builder.BuildAsync(WhitePaper.InstitutionScope, (institution!.Code, institution.Name, institution.EnglishName, null), [institution],
                        year, cancellationToken), null);
            case OrganisationKinds.Authority:
                var (authority, covered, unknown) = await AuthoritiesApi.CallerAuthorityAsync(caller, db, cancellationToken);
                return unknown is not null ? (null, unknown)
                    : (await builder.BuildAsync(WhitePaper.RegionScope, (authority!.Code, authority.Name, authority.EnglishName, authority.Region), covered,
                        year, cancellationToken), null);
            default:
                return (null, ApiProblems.Forbidden("a white paper is an institution's own, or a regional authority's over the institutions it covers"));
        }
    }
}
