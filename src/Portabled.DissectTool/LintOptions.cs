// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Lint;

namespace Portabled.DissectTool;

/// <summary>The options of --lint: the attach to check (extensions, profile, scope) and whether warnings fail (--strict).</summary>
internal sealed record LintOptions
{
    public IReadOnlyList<string> Extensions { get; init; } = [];

    public string Profile { get; init; } = "default";

    public LintScope Scope { get; init; } = LintScope.System;

    public bool Strict { get; init; }

    /// <summary>Takes <paramref name="a"/> (and its value from the next argument) when it is a lint option.</summary>
    public static bool TryParse(string a, IReadOnlyList<string> args, ref int i, ref LintOptions options)
    {
        if (a == "--strict")
        {
            options = options with { Strict = true };
            return true;
        }

        foreach (string name in new[] { "--extension", "--profile", "--scope" })
        {
            if (a != name && !a.StartsWith(name + "=", StringComparison.Ordinal))
            {
                continue;
            }

            string value = a.Length > name.Length ? a[(name.Length + 1)..] : i + 1 < args.Count ? args[++i] : throw new ArgumentException($"option '{name}' requires an argument");
            options = name switch
            {
                "--extension" => options with { Extensions = [.. options.Extensions, value] },
                "--profile" => options with { Profile = value },
                _ => options with
                {
                    Scope = value switch
                    {
                        "system" => LintScope.System,
                        "user" => LintScope.User,
                        _ => throw new ArgumentException($"Unknown argument to --scope= switch: {value}"),
                    },
                },
            };
            return true;
        }

        return false;
    }
}
