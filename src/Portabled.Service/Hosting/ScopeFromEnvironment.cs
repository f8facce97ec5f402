// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Scope;

namespace Portabled.Service.Hosting;

/// <summary>
/// The directories of the daemon's scope, from its environment as the user manager (or the session
/// bus) starts it: HOME, XDG_RUNTIME_DIR, XDG_CONFIG_HOME, XDG_STATE_HOME (docs/user-scope.md, "Directories").
/// </summary>
public static class ScopeFromEnvironment
{
    /// <summary>The system scope, or the user scope of this process's environment; throws <see cref="InvalidOperationException"/> when HOME or XDG_RUNTIME_DIR is missing.</summary>
    public static PortableScope Create(RuntimeScope scope, Func<string, string?>? getEnvironment = null)
    {
        if (scope == RuntimeScope.System)
        {
            return PortableScope.System;
        }

        getEnvironment ??= Environment.GetEnvironmentVariable;
        string home = Absolute(getEnvironment("HOME"), "HOME");
        string runtime = Absolute(getEnvironment("XDG_RUNTIME_DIR"), "XDG_RUNTIME_DIR");
        return PortableScope.ForUser(home, runtime, getEnvironment("XDG_CONFIG_HOME"), getEnvironment("XDG_STATE_HOME"));
    }

    private static string Absolute(string? value, string name) =>
        value is { Length: > 0 } && value.StartsWith('/') ? value : throw new InvalidOperationException($"${name} is not set to an absolute path, cannot run in user scope.");
}
