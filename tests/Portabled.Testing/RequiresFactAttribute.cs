// SPDX-License-Identifier: LGPL-2.1-or-later
using Xunit;

namespace Portabled.Testing;

/// <summary>
/// A fact that needs tools on PATH and/or root. Outside CI a missing requirement skips the test
/// and says why; under CI (CI=true, where .ci/run installs everything) it is not skipped, so the
/// test runs and fails loudly instead of passing silently.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresFactAttribute : FactAttribute
{
    /// <summary>Requires the given tools; pass <c>"root"</c> to require uid 0.</summary>
    public RequiresFactAttribute(params string[] requirements)
    {
        Skip = Requirements.WhyMissing(requirements);
    }
}

/// <summary>The theory counterpart of <see cref="RequiresFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresTheoryAttribute : TheoryAttribute
{
    /// <summary>Requires the given tools; pass <c>"root"</c> to require uid 0.</summary>
    public RequiresTheoryAttribute(params string[] requirements)
    {
        Skip = Requirements.WhyMissing(requirements);
    }
}

/// <summary>A fact that also needs upstream systemd 262 (<see cref="UpstreamSystemd262"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresSystemd262FactAttribute : FactAttribute
{
    /// <summary>Requires systemd 262 and the given tools.</summary>
    public RequiresSystemd262FactAttribute(params string[] requirements)
    {
        Skip = Requirements.WhyMissing(requirements) ?? UpstreamSystemd262.WhyMissing;
    }
}

/// <summary>The theory counterpart of <see cref="RequiresSystemd262FactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresSystemd262TheoryAttribute : TheoryAttribute
{
    /// <summary>Requires systemd 262 and the given tools.</summary>
    public RequiresSystemd262TheoryAttribute(params string[] requirements)
    {
        Skip = Requirements.WhyMissing(requirements) ?? UpstreamSystemd262.WhyMissing;
    }
}

/// <summary>Shared requirement check of the attributes above.</summary>
public static class Requirements
{
    /// <summary>Null when everything is there (or under CI); else the reason to skip.</summary>
    public static string? WhyMissing(IEnumerable<string> requirements)
    {
        if (TestEnvironment.IsCI)
        {
            return null;
        }

        var missing = requirements
            .Where(r => r == "root" ? !TestEnvironment.IsRoot : TestEnvironment.FindTool(r) is null)
            .ToList();
        return missing.Count == 0 ? null : "needs " + string.Join(", ", missing) + " (install them, or run as root; CI fails instead of skipping)";
    }
}

/// <summary>A fact that also needs the Debian sid root of scripts/make-sid-root (<see cref="SidRoot"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresSidRootFactAttribute : FactAttribute
{
    /// <summary>Requires the sid root and the given tools.</summary>
    public RequiresSidRootFactAttribute(params string[] requirements)
    {
        Skip = Requirements.WhyMissing(requirements) ?? SidRoot.WhyMissing;
    }
}
