namespace OciConformance.Engine;

/// <summary>
/// A step found nothing of the kind its scenario checks on this target (no content named to read, no blob large enough
/// to take a Range from): the case is not run, with the reason, rather than passed on no evidence.
/// </summary>
public sealed class NotApplicableException(string message) : Exception(message)
{
    public NotApplicableException() : this("the scenario does not apply to this target") { }

    public NotApplicableException(string message, Exception inner) : this(message + ": " + inner.Message) { }
}
