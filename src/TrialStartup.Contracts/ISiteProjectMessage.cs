namespace TrialStartup.Contracts;

/// <summary>
/// What every TrialStartup message carries, so any service can file it without asking back: the trial, the site
/// project (one trial at one institution), the project's workflow instance, and the correlation id that ties a chain
/// of messages together (the command that started the chain; a reply carries its request's).
/// </summary>
/// <remarks>Namespaces and type names of messages are their wire identity (MassTransit message URNs): never rename.</remarks>
public interface ISiteProjectMessage
{
    /// <summary>The trial.</summary>
    Guid TrialId { get; }

    /// <summary>The site project: the trial at one institution.</summary>
    Guid SiteProjectId { get; }

    /// <summary>The site project's workflow instance (its event stream).</summary>
    Guid WorkflowInstanceId { get; }

    /// <summary>The id that ties a chain of messages together.</summary>
    Guid CorrelationId { get; }
}
