// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.DissectTool;

/// <summary>What the command line asks for.</summary>
internal enum ToolAction
{
    Summary,
    List,
    Mtree,
    CopyFrom,
    Verify,
    Lint,
    Help,
    Version,
}

/// <summary>JSON output mode (--json=).</summary>
internal enum JsonMode
{
    Off,
    Short,
    Pretty,
}

/// <summary>The parsed command line.</summary>
internal sealed record ToolArguments(ToolAction Action, JsonMode Json, bool Legend, IReadOnlyList<string> Positional)
{
    /// <summary>--certificate-root=DIR: the directory the verity.d certificate directories are looked up under (default /).</summary>
    public string CertificateRoot { get; init; } = "/";

    /// <summary>--lint: the options of the attach being checked (--extension=, --profile=, --scope=) and --strict.</summary>
    public LintOptions Lint { get; init; } = new();

    /// <summary>Parses <paramref name="args"/> getopt-style (options may follow positional arguments until "--"); throws <see cref="ArgumentException"/> with a one-line reason.</summary>
    public static ToolArguments Parse(IReadOnlyList<string> args)
    {
        ToolAction action = ToolAction.Summary;
        JsonMode json = JsonMode.Off;
        bool legend = true;
        string certificateRoot = "/";
        var lint = new LintOptions();
        var positional = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a == "--")
            {
                positional.AddRange(args.Skip(i + 1));
                break;
            }

            if (a.Length < 2 || a[0] != '-')
            {
                positional.Add(a);
                continue;
            }

            if (a.StartsWith("--json", StringComparison.Ordinal))
            {
                // A bare --json (no mode after it) is short, as --lint --json IMAGE reads best.
                string mode = a.StartsWith("--json=", StringComparison.Ordinal) ? a[7..] : i + 1 < args.Count && args[i + 1] is "short" or "pretty" or "off" ? args[++i] : "short";
                json = mode switch
                {
                    "short" => JsonMode.Short,
                    "pretty" => JsonMode.Pretty,
                    "off" => JsonMode.Off,
                    _ => throw new ArgumentException($"Unknown argument to --json= switch: {mode}"),
                };
                continue;
            }

            if (a.StartsWith("--certificate-root", StringComparison.Ordinal))
            {
                certificateRoot = a.StartsWith("--certificate-root=", StringComparison.Ordinal) ? a[19..] : i + 1 < args.Count ? args[++i] : throw new ArgumentException("option '--certificate-root' requires an argument");
                continue;
            }

            if (LintOptions.TryParse(a, args, ref i, ref lint))
            {
                continue;
            }

            action = a switch
            {
                "-h" or "--help" => ToolAction.Help,
                "--version" => ToolAction.Version,
                "-l" or "--list" => ToolAction.List,
                "--mtree" => ToolAction.Mtree,
                "-x" or "--copy-from" => ToolAction.CopyFrom,
                "--verify" => ToolAction.Verify,
                "--lint" => ToolAction.Lint,
                "--no-legend" or "--no-pager" or "-r" or "--read-only" => action,
                _ => throw new ArgumentException($"unrecognized option '{a}'"),
            };
            legend &= a != "--no-legend";
            if (action is ToolAction.Help or ToolAction.Version)
            {
                return new ToolArguments(action, json, legend, positional);
            }
        }

        (int min, int max, string usage) = action switch
        {
            ToolAction.CopyFrom => (2, 3, "Expected an image file path, a source path and an optional destination path as only arguments."),
            _ => (1, 1, "Expected an image file path as only argument."),
        };
        if (positional.Count < min || positional.Count > max)
        {
            throw new ArgumentException(usage);
        }

        return new ToolArguments(action, json, legend, positional) { CertificateRoot = certificateRoot, Lint = lint };
    }
}
