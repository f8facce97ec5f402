// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Tests.FileSystems.Erofs;

/// <summary>The mkfs.erofs (erofs-utils 1.5) variants the reader is checked against, by name.</summary>
public static class ErofsVariants
{
    private static readonly Dictionary<string, string[]> s_arguments = new(StringComparer.Ordinal)
    {
        ["default"] = [],
        ["fixed-time-all-root"] = ["-T1700000000", "--all-root"],
        ["extended"] = ["-Eforce-inode-extended"],
        ["compact"] = ["-Eforce-inode-compact", "--all-root", "-T1234567890"],
        ["no-inline"] = ["-Enoinline_data"],
        ["forced-owner"] = ["--force-uid=4242", "--force-gid=4343"],
        ["chunked"] = ["--chunksize=8192"],
        ["chunked-indexes"] = ["--chunksize=65536", "-Eforce-chunk-indexes"],
        ["chunked-blockmap"] = ["--chunksize=16384", "-Eforce-inode-blockmap"],
        ["lz4"] = ["-zlz4"],
        ["lz4-legacy"] = ["-zlz4", "-Elegacy-compress"],
        ["lz4-legacy-big-pcluster"] = ["-zlz4", "-Elegacy-compress", "-C16384"],
        ["lz4-ztailpacking"] = ["-zlz4", "-Eztailpacking"],
        ["lz4-extended"] = ["-zlz4", "-Eforce-inode-extended", "--all-root"],
        ["lz4-no-inline"] = ["-zlz4", "-Enoinline_data"],
        ["lz4-max-extent"] = ["-zlz4", "--max-extent-bytes=16384"],
        ["lz4hc"] = ["-zlz4hc"],
        ["lz4hc-1-big-pcluster"] = ["-zlz4hc,1", "-C16384"],
        ["lz4hc-12-big-pcluster-ztailpacking"] = ["-zlz4hc,12", "-C65536", "-Eztailpacking"],
    };

    /// <summary>Every variant name, for theories.</summary>
    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in s_arguments.Keys.Order(StringComparer.Ordinal))
            {
                data.Add(name);
            }

            return data;
        }
    }

    /// <summary>The mkfs.erofs arguments of <paramref name="variant"/>.</summary>
    public static string[] Arguments(string variant) => s_arguments[variant];
}
