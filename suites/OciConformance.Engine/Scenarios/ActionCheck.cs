namespace OciConformance.Scenarios;

/// <summary>
/// One check an action evaluates, under a short stable key. The action computes whether it holds; which requirement
/// it counts towards is the fixture's to say: a step that uses the action maps every key to a requirement id in its
/// <c>checks</c>, so a reader of the fixture sees each check and the requirement it proves.
/// </summary>
/// <param name="Key">Lower-case words joined by '-', e.g. <c>content-type</c>; stable, since fixtures name it.</param>
/// <param name="Expects">What the check expects of the registry, in one line (the fixture README shows it).</param>
public sealed record ActionCheck(string Key, string Expects);
