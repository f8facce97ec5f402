// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Diagnostics.CodeAnalysis;

namespace Portabled.Core.State;

/// <summary>Wire strings of <see cref="PortableState"/>.</summary>
public static class PortableStates
{
    /// <summary>The string the D-Bus API uses for <paramref name="state"/>.</summary>
    public static string ToWire(PortableState state) => state switch
    {
        PortableState.Detached => "detached",
        PortableState.Attached => "attached",
        PortableState.AttachedRuntime => "attached-runtime",
        PortableState.Enabled => "enabled",
        PortableState.EnabledRuntime => "enabled-runtime",
        PortableState.Running => "running",
        PortableState.RunningRuntime => "running-runtime",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>Parses a wire string; false for anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out PortableState state)
    {
        PortableState? parsed = value switch
        {
            "detached" => PortableState.Detached,
            "attached" => PortableState.Attached,
            "attached-runtime" => PortableState.AttachedRuntime,
            "enabled" => PortableState.Enabled,
            "enabled-runtime" => PortableState.EnabledRuntime,
            "running" => PortableState.Running,
            "running-runtime" => PortableState.RunningRuntime,
            _ => null,
        };
        state = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }
}
