// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Tests.FileSystems.SquashFs;

/// <summary>
/// One way of building the test image with mksquashfs. <see cref="KernelMountable"/> is false for
/// legacy lzma, which Linux cannot mount; such variants are compared with <see cref="Reference"/>.
/// </summary>
public sealed record SquashFsVariant(string Name, string[] Arguments, bool KernelMountable = true, string? Reference = null)
{
    /// <summary>Every variant the oracle test covers: each compressor, three block sizes, uncompressed tables and fragment options.</summary>
    public static IReadOnlyList<SquashFsVariant> All { get; } =
    [
        new("gzip-128k", ["-comp", "gzip"]),
        new("gzip-4k", ["-comp", "gzip", "-b", "4K"]),
        new("gzip-1m", ["-comp", "gzip", "-b", "1M"]),
        new("xz-128k", ["-comp", "xz"]),
        new("xz-1m-bcj-allroot", ["-comp", "xz", "-Xbcj", "x86", "-Xdict-size", "100%", "-b", "1M", "-all-root"]),
        new("lzma-128k", ["-comp", "lzma"], KernelMountable: false, Reference: "gzip-128k"),
        new("lzo-128k", ["-comp", "lzo", "-Xalgorithm", "lzo1x_1"]),
        new("lz4-128k", ["-comp", "lz4"]),
        new("lz4hc-4k", ["-comp", "lz4", "-Xhc", "-b", "4K"]),
        new("zstd-128k", ["-comp", "zstd"]),
        new("zstd-1m", ["-comp", "zstd", "-b", "1M"]),
        new("uncompressed-4k", ["-noI", "-noD", "-noF", "-noX", "-b", "4K"]),
        new("no-fragments", ["-comp", "gzip", "-no-fragments"]),
        new("always-fragments", ["-comp", "gzip", "-always-use-fragments"]),
        new("all-root-no-exports", ["-comp", "gzip", "-all-root", "-no-exports", "-no-xattrs"]),
    ];

    /// <summary>The variant called <paramref name="name"/>.</summary>
    public static SquashFsVariant Get(string name) => All.Single(v => v.Name == name);

    /// <summary>Variant names, as xunit theory data.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (SquashFsVariant v in All)
            {
                data.Add(v.Name);
            }

            return data;
        }
    }
}
