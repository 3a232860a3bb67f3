using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Builders;

namespace OciConformance.Suites;

/// <summary>
/// The cases of a <see cref="Workflow"/> fixture: the scenarios of the profile the fixture was made for. A
/// <c>TestCaseSource</c> cannot see fixture arguments, hence this small builder.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ScenarioCasesAttribute : NUnitAttribute, ITestBuilder
{
    private readonly NUnitTestCaseBuilder _builder = new();

    public IEnumerable<TestMethod> BuildFrom(IMethodInfo method, Test? suite)
    {
        if (suite?.Arguments is not [string profile])
        {
            throw new InvalidOperationException($"{method.Name} builds its cases from a fixture made for one profile.");
        }

        return ScenarioSource.ForProfile(profile).Select(data => _builder.BuildTestMethod(method, suite, data));
    }
}
