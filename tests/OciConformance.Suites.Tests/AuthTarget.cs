using OciConformance.Configuration;
using OciConformance.Reference;

namespace OciConformance.Suites.Tests;

/// <summary>
/// The reference registry as the auth profile is proven against: token auth, a user who may push, a pull-only account
/// and anonymous pull tokens; and the suite configured with both accounts.
/// </summary>
public static class AuthTarget
{
    public static readonly RegistryUser Writer = new("writer", "writer-secret-1", ["pull", "push", "delete"]);
    public static readonly RegistryUser Reader = new("reader", "reader-secret-1", ["pull"]);

    public static RegistryOptions Registry(RegistryOptions registry) =>
        registry with { Auth = RegistryAuthMode.Token, Users = [Writer, Reader], AnonymousPull = true };

    public static ConformanceOptions Accounts(ConformanceOptions options) => options with
    {
        Target = options.Target with { Username = Writer.Name, Password = Writer.Password },
        Auth = new AuthOptions { PullOnlyUsername = Reader.Name, PullOnlyPassword = Reader.Password },
    };
}
