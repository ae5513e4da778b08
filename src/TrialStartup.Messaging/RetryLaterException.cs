namespace TrialStartup.Messaging;

/// <summary>
/// Thrown by a consumer whose command lost a race with another writer of the same instance: nothing was written, and
/// the message's retry policy runs it again against the new state.
/// </summary>
public sealed class RetryLaterException : Exception
{
    public RetryLaterException()
    {
    }

    public RetryLaterException(string message)
        : base(message)
    {
    }

    public RetryLaterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
