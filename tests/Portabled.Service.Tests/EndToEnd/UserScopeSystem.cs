// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.EndToEnd;

/// <summary>
/// systemd 262 booted from the Debian sid root of scripts/make-sid-root, with our NativeAOT daemon
/// as the *user* unit systemd-portabled.service (our unit and session-bus activation file, through
/// scripts/boot's ROOTDIR= and DAEMON=). /images holds two user-scope images built here with real
/// tools: <c>userapp/</c> (a directory) and <c>usersq.raw</c> (squashfs), each with one user unit
/// that runs busybox from the image and says so on stdout (docs/user-scope.md, "End to end").
/// </summary>
public sealed class UserScopeSystem : BootedSystem
{
    /// <summary>The unit each image ships, <c>%s</c> being the image name.</summary>
    public const string UnitTemplate = "[Unit]\nDescription=%s\n\n[Service]\nExecStart=/usr/bin/%s\n";

    private readonly Lazy<TempDirectory> _images = new(BuildImages);

    /// <inheritdoc />
    protected override string? Daemon => PortabledCommands.NativeDaemonInContainer;

    /// <inheritdoc />
    protected override string? RootDirectory => SidRoot.Directory;

    /// <inheritdoc />
    protected override string ImagesDirectory => _images.Value.Path;

    /// <summary>The unit file text of image <paramref name="name"/>.</summary>
    public static string UnitOf(string name) => UnitTemplate.Replace("%s", name, StringComparison.Ordinal);

    /// <summary>
    /// systemd-mountfsd and systemd-nsresourced listening, as sid's presets want them (debootstrap
    /// runs no presets): without them a user manager's RootImage= fails before asking anyone.
    /// </summary>
    protected override void Prepare()
    {
        ProcessResult r = ExecBooted("systemctl", "start", "systemd-mountfsd.socket", "systemd-nsresourced.socket");
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"starting mountfsd/nsresourced failed: {r.StandardError}");
        }
    }

    /// <inheritdoc />
    protected override void Released()
    {
        if (_images.IsValueCreated)
        {
            _images.Value.Dispose();
        }
    }

    private static TempDirectory BuildImages()
    {
        var dir = new TempDirectory("portabled-user-images");
        // Readable by the container's unprivileged users, who copy the images into their homes.
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_101_101);
        ProcessRunner.Shell($$"""
            cd '{{dir.Path}}'
            for n in userapp usersq; do
              r=$PWD/$n
              mkdir -p "$r/usr/bin" "$r/usr/lib/systemd/user" "$r/etc" "$r/proc" "$r/sys" "$r/dev" "$r/run" "$r/tmp" "$r/var/tmp"
              chmod 1777 "$r/tmp" "$r/var/tmp"
              ln -sfn usr/bin "$r/bin"; ln -sfn usr/lib "$r/lib"
              : > "$r/etc/resolv.conf"; : > "$r/etc/machine-id"
              cp "$(command -v busybox)" "$r/usr/bin/busybox"
              for l in sh sleep echo; do ln -sf busybox "$r/usr/bin/$l"; done
              printf 'ID=minimal\nVERSION_ID=1\nPORTABLE_SCOPE=user\n' > "$r/usr/lib/os-release"
              printf '#!/usr/bin/sh\necho "%s started pid=$$"\nwhile :; do sleep 3600; done\n' "$n" > "$r/usr/bin/$n"
              chmod 755 "$r/usr/bin/$n"
              printf '{{UnitTemplate.Replace("\n", "\\n", StringComparison.Ordinal)}}' "$n" "$n" > "$r/usr/lib/systemd/user/$n.service"
            done
            mksquashfs usersq usersq.raw -noappend -quiet -all-root >/dev/null
            rm -rf usersq
            chmod -R a+rX .
            """);
        return dir;
    }
}
