// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Metadata;

namespace Portabled.Fuzz.Targets;

/// <summary>os-release and the other env-like files, parsed with both systemd rule sets.</summary>
public sealed class EnvFileTarget : IFuzzTarget
{
    /// <inheritdoc />
    public string Name => "env-file";

    /// <inheritdoc />
    public void Run(byte[] input, string scratchPath)
    {
        try
        {
            var pairs = EnvFile.Parse(input, "os-release", EnvFileRules.BeforeV254);
            _ = EnvFile.Get(pairs, "ID");
        }
        catch (EnvFileException)
        {
        }

        var current = EnvFile.Parse(input, "os-release", EnvFileRules.Current);
        _ = EnvFile.Get(current, "PORTABLE_PREFIXES");
    }
}
