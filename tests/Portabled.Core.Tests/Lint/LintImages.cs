// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Core.Tests.Lint;

/// <summary>
/// Image trees for the lint tests: a clean portable image (os-release, one service running a real
/// dynamically linked program with its loader, the mount points a raw image needs) that each broken
/// case changes in one way, and the profiles of the test host (the mount-relevant lines of upstream's
/// default profile).
/// </summary>
internal static class LintImages
{
    /// <summary>The lines of upstream's default profile that decide mount points and users.</summary>
    public const string DefaultProfile =
        "[Service]\nMountAPIVFS=yes\nBindReadOnlyPaths=/dev/log /run/systemd/journal/socket /run/systemd/journal/stdout\n" +
        "BindReadOnlyPaths=/etc/machine-id\nBindReadOnlyPaths=-/etc/resolv.conf\nBindReadOnlyPaths=/run/dbus/system_bus_socket\n" +
        "DynamicUser=yes\nPrivateTmp=yes\nProtectSystem=strict\n";

    /// <summary>A profile without DynamicUser=, as upstream's trusted.</summary>
    public const string TrustedProfile = "[Service]\nMountAPIVFS=yes\nPrivateTmp=yes\n";

    /// <summary>A test host with the profiles and the host files the default profile binds.</summary>
    public static TestHost NewHost()
    {
        var host = new TestHost();
        host.WriteFile("/usr/lib/systemd/portable/profile/default/service.conf", DefaultProfile);
        host.WriteFile("/usr/lib/systemd/portable/profile/trusted/service.conf", TrustedProfile);
        host.WriteFile("/etc/resolv.conf", "nameserver 127.0.0.53\n");
        host.WriteFile("/etc/machine-id", "0123456789abcdef0123456789abcdef\n");
        host.WriteFile("/etc/os-release", "ID=debian\nVERSION_ID=12\n");
        return host;
    }

    /// <summary>The clean tree of image <paramref name="name"/> (its unit is NAME.service).</summary>
    public static string Tree(TestHost host, string name = "app")
    {
        string tree = host.Host($"/.trees/{Guid.NewGuid():N}");
        foreach (string dir in (string[])["usr/lib/systemd/system", "usr/bin", "usr/lib64", "etc", "dev", "proc", "sys", "run", "tmp", "var/tmp"])
        {
            Directory.CreateDirectory($"{tree}/{dir}");
        }

        File.WriteAllText($"{tree}/usr/lib/os-release", $"ID={name}\nVERSION_ID=1\n");
        File.CreateSymbolicLink($"{tree}/etc/os-release", "../usr/lib/os-release");
        File.CreateSymbolicLink($"{tree}/lib64", "usr/lib64");
        File.CreateSymbolicLink($"{tree}/bin", "usr/bin");
        File.WriteAllText($"{tree}/etc/machine-id", string.Empty);
        File.WriteAllText($"{tree}/etc/resolv.conf", string.Empty);
        File.Copy("/bin/true", $"{tree}/usr/bin/{name}");
        File.Copy("/lib64/ld-linux-x86-64.so.2", $"{tree}/usr/lib64/ld-linux-x86-64.so.2");
        Unit(tree, $"{name}.service", $"[Unit]\nDescription={name}\n\n[Service]\nExecStart=/usr/bin/{name} --serve\n");
        return tree;
    }

    public static void Unit(string tree, string name, string contents) => File.WriteAllText($"{tree}/usr/lib/systemd/system/{name}", contents);

    /// <summary>The tree copied as a directory image at <paramref name="logical"/>.</summary>
    public static string CopyDirectory(TestHost host, string tree, string logical)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(host.Host(logical))!);
        ProcessRunner.RunChecked("cp", "-a", tree, host.Host(logical));
        return logical;
    }

    /// <summary>Sets the GPT read-only attribute (60) on partitions 1…<paramref name="count"/> of a disk image, as systemd-repart does for read-only ones.</summary>
    public static void SetReadOnly(string image, int count)
    {
        for (int n = 1; n <= count; n++)
        {
            ProcessRunner.RunChecked("sfdisk", "-q", "--no-reread", "--no-tell-kernel", "--part-attrs", image, n.ToString(System.Globalization.CultureInfo.InvariantCulture), "60");
        }
    }

    /// <summary>A 64-bit little-endian ELF header for <paramref name="machine"/> (e_machine), no program headers.</summary>
    public static byte[] ElfHeader(ushort machine)
    {
        var header = new byte[64];
        "\u007fELF"u8.CopyTo(header);
        header[4] = 2;
        header[5] = 1;
        header[6] = 1;
        header[16] = 2;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(18), machine);
        return header;
    }
}
