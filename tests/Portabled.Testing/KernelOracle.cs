// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Globalization;

namespace Portabled.Testing;

/// <summary>
/// The kernel's view of an image, as the reference for reader tests: the image is loop-mounted
/// read-only in a private mount namespace (unshare -m, so the host never sees the mount) and walked
/// with find(1). Needs root. Returns the same line format as <see cref="FileSystemListing"/>.
/// </summary>
public static class KernelOracle
{
    /// <summary>Lists the file system at byte <paramref name="offset"/> (size <paramref name="sizeLimit"/>, 0 = to the end) of <paramref name="image"/>.</summary>
    public static IReadOnlyList<string> List(string image, long offset = 0, long sizeLimit = 0, string? fsType = null)
    {
        string options = "ro,loop" + (offset > 0 ? $",offset={offset}" : string.Empty) + (sizeLimit > 0 ? $",sizelimit={sizeLimit}" : string.Empty);
        string type = fsType is null ? string.Empty : $"-t {fsType}";
        // %m: permission bits incl. set-id/sticky; devices get "major:minor" in the hash column.
        string script = $$"""
            set -euo pipefail
            m=$(mktemp -d /tmp/oracle.XXXXXX)
            mount {{type}} -o {{options}} '{{image}}' "$m"
            cd "$m"
            find . -mindepth 1 -printf '%P\t%y\t%m\t%U\t%G\t%s\t%l\n'
            echo '----'
            find . -type f -print0 | xargs -0 -r sha256sum
            echo '----'
            find . \( -type b -o -type c \) -print0 | xargs -0 -r stat -c '%n %t %T'
            cd /; umount "$m"; rmdir "$m"
            """;
        ProcessResult r = ProcessRunner.Run("unshare", ["-m", "--propagation", "private", "/bin/bash", "-c", script]);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"kernel oracle failed for {image}: {r.StandardError}");
        }

        return Parse(r.StandardOutput);
    }

    /// <summary>
    /// Every extended attribute of the loop-mounted file system, as getfattr(1) reads them through the
    /// kernel (symlinks not followed), in <see cref="ExtendedAttributeListing"/>'s line format.
    /// </summary>
    public static IReadOnlyList<string> ListExtendedAttributes(string image, string? fsType = null)
    {
        string type = fsType is null ? string.Empty : $"-t {fsType}";
        string script = $$"""
            set -euo pipefail
            m=$(mktemp -d /tmp/oracle.XXXXXX)
            mount {{type}} -o ro,loop '{{image}}' "$m"
            cd "$m"
            # A squashfs without xattr table answers EOPNOTSUPP: that is "no attributes", not a failure.
            getfattr -R -P -h -d -m - -e hex . 2>"$m.err" || true
            grep -v ': Operation not supported$' "$m.err" >&2 || true
            rm -f "$m.err"
            cd /; umount "$m"; rmdir "$m"
            """;
        ProcessResult r = ProcessRunner.Run("unshare", ["-m", "--propagation", "private", "/bin/bash", "-c", script]);
        if (r.ExitCode != 0 || r.StandardError.Length > 0)
        {
            throw new InvalidOperationException($"kernel xattr oracle failed for {image}: {r.StandardError}");
        }

        return ExtendedAttributeListing.ParseGetfattr(r.StandardOutput);
    }

    private static IReadOnlyList<string> Parse(string output)
    {
        string[] parts = output.Split("----\n");
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in parts[1].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<sha256>  ./path"
            hashes[line[(64 + 2 + 2)..]] = line[..64];
        }

        foreach (string line in parts[2].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(' ');
            string name = string.Join(' ', f[..^2])[2..];
            hashes[name] = string.Create(CultureInfo.InvariantCulture,
                $"{Convert.ToUInt32(f[^2], 16)}:{Convert.ToUInt32(f[^1], 16)}");
        }

        var lines = new List<string>();
        foreach (string line in parts[0].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split('\t');
            char type = f[1][0];
            lines.Add(FileSystemListing.Line(f[0], type, Convert.ToUInt32(f[2], 8), uint.Parse(f[3], CultureInfo.InvariantCulture),
                uint.Parse(f[4], CultureInfo.InvariantCulture), long.Parse(f[5], CultureInfo.InvariantCulture), f[6],
                hashes.GetValueOrDefault(f[0], string.Empty)));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
