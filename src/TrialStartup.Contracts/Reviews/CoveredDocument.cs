namespace TrialStartup.Contracts.Reviews;

/// <summary>A dossier document as a reviewer sees it: the latest version of its kind and the content's hash.</summary>
/// <param name="Kind">protocol, investigator-brochure, informed-consent, contract-draft, budget, …</param>
/// <param name="Version">The document version, 1 for the first upload.</param>
/// <param name="Sha256">The SHA-256 of the content, lowercase hex.</param>
public sealed record CoveredDocument(string Kind, int Version, string Sha256);
