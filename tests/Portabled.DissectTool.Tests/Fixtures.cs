// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.DissectTool.Tests;

/// <summary>A deterministic directory image shared by the CLI tests, built once per run.</summary>
internal static class Fixtures
{
    private static readonly Lazy<TempDirectory> s_directory = new(() =>
    {
        var dir = new TempDirectory("portabled-dissecttool");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => dir.Dispose();
        return dir;
    });

    private static readonly Lazy<string> s_image = new(BuildDirectoryImage);

    public static string Root => s_directory.Value.Path;

    /// <summary>The directory image "demo_1.0": os-release with PORTABLE_PREFIXES, units, symlinks, odd names.</summary>
    public static string DirectoryImage => s_image.Value;

    public static string NewPath(string name) => Path.Join(Root, $"{Guid.NewGuid():N}-{name}");

    private static string BuildDirectoryImage()
    {
        string root = Path.Join(Root, "demo_1.0");
        void Dir(string p) => Directory.CreateDirectory(Path.Join(root, p));
        void FileAt(string p, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100)
        {
            File.WriteAllText(Path.Join(root, p), content);
            File.SetUnixFileMode(Path.Join(root, p), mode);
        }

        Dir("usr/lib/systemd/system");
        Dir("etc/systemd/system");
        Dir("usr/bin");
        Dir("sbin");
        Dir("odd names");
        FileAt("usr/lib/os-release", "ID=demo\nVERSION_ID=1.0\nPRETTY_NAME=\"Demo OS\"\nPORTABLE_PREFIXES=demo\n");
        File.CreateSymbolicLink(Path.Join(root, "etc/os-release"), "../usr/lib/os-release");
        FileAt("etc/hostname", "# comment\ndemohost\n");
        FileAt("etc/machine-id", "0123456789abcdef0123456789abcdef\n");
        FileAt("usr/lib/systemd/system/demo.service", "[Service]\nExecStart=/usr/bin/demo\n");
        FileAt("usr/lib/systemd/system/demo.socket", "[Socket]\nListenStream=/run/demo.sock\n");
        FileAt("usr/lib/systemd/system/empty.service", string.Empty);
        File.CreateSymbolicLink(Path.Join(root, "etc/systemd/system/demo-alias.service"), "/usr/lib/systemd/system/demo.service");
        FileAt("usr/bin/busybox", "#!/bin/sh\necho busybox\n", (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Join(root, "usr/bin/sh"), "busybox");
        File.CreateSymbolicLink(Path.Join(root, "sbin/init"), "/usr/bin/busybox");
        FileAt("odd names/a b#c;d*e?f[g", "odd\n");
        FileAt("odd names/ünï", "unicode\n");
        foreach (string d in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Append(root))
        {
            File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        }

        return root;
    }
}
