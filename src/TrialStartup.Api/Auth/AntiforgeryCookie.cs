namespace TrialStartup.Api.Auth;

using Microsoft.AspNetCore.Antiforgery;

/// <summary>
/// The antiforgery cookie, which every form's token is checked against, under the sign-in cookie's rule: Secure wherever
/// the installation runs behind TLS; on the embedded default's http://localhost (Development, Testing) it follows the
/// request.
/// </summary>
/// <remarks>
/// Not by the antiforgery system's own <c>SecurePolicy = Always</c>: with it, the system refuses to work on any request it
/// sees as plain HTTP (it throws, so every page with a form answers 500), and behind the ingress or reverse proxy that
/// terminates TLS every request reaches the host as plain HTTP (the deployments do not rewrite the scheme). The sign-in
/// cookie's handler only marks its cookie Secure; <see cref="AlwaysSecure"/> does the same for this one.
/// </remarks>
internal static class AntiforgeryCookie
{
    /// <summary>Registers antiforgery with its cookie Secure when <paramref name="secure"/>, following the request otherwise.</summary>
    public static void AddAntiforgery(IServiceCollection services, bool secure)
    {
        services.AddAntiforgery();

        // After the antiforgery system's own setup, which names the cookie.
        services.PostConfigure<AntiforgeryOptions>(o =>
        {
            if (secure)
            {
                o.Cookie = new AlwaysSecure(o.Cookie);
            }
            else
            {
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }
        });
    }

    /// <summary>A copy of a cookie's settings whose cookie is always marked Secure, whatever the scheme the host sees.</summary>
    private sealed class AlwaysSecure : CookieBuilder
    {
        public AlwaysSecure(CookieBuilder settings)
        {
            Name = settings.Name;
            Path = settings.Path;
            Domain = settings.Domain;
            HttpOnly = settings.HttpOnly;
            SameSite = settings.SameSite;
            IsEssential = settings.IsEssential;
            Expiration = settings.Expiration;
            MaxAge = settings.MaxAge;
            foreach (var extension in settings.Extensions)
            {
                Extensions.Add(extension);
            }

            SecurePolicy = CookieSecurePolicy.SameAsRequest; // what the antiforgery system checks; Build marks it Secure anyway
        }

        public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
        {
            var options = base.Build(context, expiresFrom);
            options.Secure = true;
            return options;
        }
    }
}
