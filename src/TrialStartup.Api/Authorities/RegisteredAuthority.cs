namespace TrialStartup.Api.Authorities;

using TrialStartup.Api.Accounts;

/// <summary>What registering an authority answers: the authority and its administrator's one-time setup code.</summary>
/// <param name="Authority">The authority and its coverage.</param>
/// <param name="Administrator">Its administrator's invitation.</param>
public sealed record RegisteredAuthority(AuthorityView Authority, SetupCodeView Administrator);
