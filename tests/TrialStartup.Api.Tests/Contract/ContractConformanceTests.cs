namespace TrialStartup.Api.Tests.Contract;

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using TrialStartup.Api.Contract;

/// <summary>
/// The check that keeps the OpenAPI document true refuses what an endpoint did not declare, an undeclared status or a
/// body of another type, and lets declared answers through (on a host of its own, so the product's endpoints, all
/// declared, are not what is tested here).
/// </summary>
public sealed class ContractConformanceTests
{
    public sealed record Declared(string Name);

    public sealed record Other(int Number);

    [Theory]
    [InlineData("/declared", HttpStatusCode.OK, null)]
    [InlineData("/declared-problem", HttpStatusCode.NotFound, null)]
    [InlineData("/undeclared-status", HttpStatusCode.InternalServerError, "GET /undeclared-status answered 409, which its OpenAPI description does not declare")]
    [InlineData("/other-body", HttpStatusCode.InternalServerError, "GET /other-body answered 200 with a Other, but declares Declared for it")]
    public async Task AnEndpoint_AnswersOnlyWhatItDeclares(string path, HttpStatusCode expected, string? error)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        await using var app = builder.Build();
        string? caught = null;
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (InvalidOperationException e)
            {
                caught = e.Message;
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        });
        var group = app.MapGroup("/");
        group.AddEndpointFilter<ContractConformance>();
        group.MapGet("/declared", () => TypedResults.Ok(new Declared("a"))).Produces<Declared>();
        group.MapGet("/declared-problem", () => TypedResults.Problem(statusCode: 404)).Produces<Declared>().ProducesProblem(404);
        group.MapGet("/undeclared-status", () => TypedResults.Problem(statusCode: 409)).Produces<Declared>();
        group.MapGet("/other-body", () => (IResult)TypedResults.Ok(new Other(1))).Produces<Declared>();
        await app.StartAsync();

        var response = await app.GetTestClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
        if (error is null)
        {
            Assert.Null(caught);
        }
        else
        {
            Assert.StartsWith(error, caught, StringComparison.Ordinal);
        }
    }
}
