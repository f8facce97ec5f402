// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Reflection;

namespace Portabled.DissectTool.Output;

/// <summary>--help and --version texts.</summary>
internal static class HelpText
{
    public const string Text = """
        portabled-dissect [OPTIONS...] IMAGE
        portabled-dissect [OPTIONS...] --list IMAGE
        portabled-dissect [OPTIONS...] --mtree IMAGE
        portabled-dissect [OPTIONS...] --copy-from IMAGE PATH [TARGET]
        portabled-dissect [OPTIONS...] --verify IMAGE
        portabled-dissect [OPTIONS...] --lint IMAGE

        Dissect a Discoverable Disk Image (DDI), a naked file system image or a directory,
        read-only and unprivileged, without loop devices.

        Options:
             --no-pager           Accepted for compatibility (no pager is used)
             --no-legend          Do not show the headers and footers
          -r --read-only          Accepted for compatibility (always read-only)
             --json=pretty|short|off
                                  Generate JSON output
             --certificate-root=DIR
                                  Look for the verity.d certificate directories under DIR
             --extension=IMAGE    With --lint: check IMAGE as an extension (repeatable)
             --profile=NAME       With --lint: the portable profile to check against
                                  (default: default)
             --scope=system|user  With --lint: the portabled scope (default: system)
             --strict             With --lint: exit 2 when there are only warnings

        Commands:
          -h --help               Show this help
             --version            Show package version
          -l --list               List all the files and directories of the specified
                                  OS image
             --mtree              Show BSD mtree manifest of OS image
          -x --copy-from          Copy files from image to host
             --verify             Check the root hash signature and every block of the
                                  verity protected partition against its hash tree
             --lint               Check everything a portable image needs to attach and
                                  start (docs/lint.md); exit 0 clean, 1 errors

        """;

    public static string Version =>
        $"portabled-dissect {typeof(HelpText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0"}\n";
}
