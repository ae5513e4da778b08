namespace TrialStartup.Api.Auth;

/// <summary>
/// The browser's sign-in session (a cookie of its own, never accepted by <c>/api/v1</c>, which takes bearer tokens
/// only, so a page elsewhere cannot make a signed-in browser call the API). It carries the same claims as a token, so
/// browser surfaces (the timer dashboard, the web workspace) check the same <see cref="Caller"/>.
/// </summary>
public static class SignInCookie
{
    /// <summary>The cookie authentication scheme.</summary>
    public const string Scheme = "SignIn";

    /// <summary>Browser surfaces: the cookie, or a bearer token when the request carries one.</summary>
    public const string BrowserOrBearerScheme = "BrowserOrBearer";

    /// <summary>The sign-in page.</summary>
    public const string LoginPath = "/account/login";

    /// <summary>Signs the browser out.</summary>
    public const string LogoutPath = "/account/logout";

    /// <summary>How long a browser session lasts without use (it slides while used).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);
}
