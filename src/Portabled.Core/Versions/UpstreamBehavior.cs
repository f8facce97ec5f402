// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Metadata;

namespace Portabled.Core.Versions;

/// <summary>
/// Every observable difference between the systemd-portabled releases Portabled reproduces, as named
/// behaviours chosen once from the detected version (<see cref="For"/>). This file is the whole 252 vs
/// 262 table (docs/upstream-versions.md explains each row); a future release is a new instance plus
/// its tests, not new branches in the code.
/// </summary>
public sealed record UpstreamBehavior
{
    private const int CapSysAdmin = 21;

    /// <summary>systemd 252 (Debian 12).</summary>
    public static readonly UpstreamBehavior V252 = new()
    {
        Version = UpstreamVersion.V252,
        DropIns = DropInFormat.HostOsReleaseBind,
        ChecksPortableScope = false,
        ExtensionIdMayMatchIdLike = false,
        HasMixedCopyMode = false,
        ValidatesProfileName = false,
        MarkersMatchByPosition = true,
        MarkerComponentsMatchByImageName = false,
        ReadsUsrOnlyOsRelease = false,
        MissingRawReleaseIsNoMedium = false,
        ExtensionReleaseNamedAfterFile = false,
        ExtensionReleaseDirectories = [ReleaseFiles.SysextDirectory],
        EnvFileRules = EnvFileRules.BeforeV254,
        FailsOnLoopingExtensionRelease = false,
        SkipsAbsoluteUnitLinks = true,
        UnitLinkHops = 40,
        KeepsUnitLinksToDirectories = true,
        ReadsStrictXattrAsCString = true,
        ReportsAmbiguousExtensionRelease = false,
        NoMatchingUnitFilesErrorName = Errors.PortableErrorNames.InvalidArgs,
        ProfileSearchPath = ["/etc/systemd/portable/profile", "/run/systemd/portable/profile", "/usr/local/lib/systemd/portable/profile", "/usr/lib/systemd/portable/profile", "/lib/systemd/portable/profile"],
        PicksVersionedDirectories = false,
        ReportsCanonicalImagePaths = false,
        HiddenImagesAreReadOnly = false,
        ReportsMissingLinksAsRemoved = false,
        RemovesMixedCopies = false,
        LogsSuccessfulChanges = false,
        PublishesReattachTypo = true,
        EscapesErrorMessages = false,
        ImageCandidateSuffixes = [".raw"],
        RefusesLongCandidateNames = false,
        TypesNamesBySuffix = false,
        ResolvesExtensionPaths = false,
        ExtractsFromResolvedPaths = false,
        LoadsVerity = false,
        PolkitBypassCapability = CapSysAdmin,
        NspawnSettingsDirectories = ["/etc/systemd/nspawn", "/run/systemd/nspawn"],
        RemovedSidecarSuffixes = [".nspawn", ".roothash"],
        ReportsSubvolumeChangeTime = false,
        PolkitChallengeMessage = "Interactive authentication required.",
    };

    /// <summary>systemd 262 (the default for anything newer than 252).</summary>
    public static readonly UpstreamBehavior V262 = new()
    {
        Version = UpstreamVersion.V262,
        DropIns = DropInFormat.PinnedPolicies,
        ChecksPortableScope = true,
        ExtensionIdMayMatchIdLike = true,
        HasMixedCopyMode = true,
        ValidatesProfileName = true,
        MarkersMatchByPosition = false,
        MarkerComponentsMatchByImageName = true,
        ReadsUsrOnlyOsRelease = true,
        MissingRawReleaseIsNoMedium = true,
        ExtensionReleaseNamedAfterFile = true,
        ExtensionReleaseDirectories = [ReleaseFiles.SysextDirectory, ReleaseFiles.ConfextDirectory],
        EnvFileRules = EnvFileRules.Current,
        FailsOnLoopingExtensionRelease = true,
        SkipsAbsoluteUnitLinks = false,
        UnitLinkHops = 128,
        KeepsUnitLinksToDirectories = false,
        ReadsStrictXattrAsCString = false,
        ReportsAmbiguousExtensionRelease = true,
        NoMatchingUnitFilesErrorName = Errors.PortableErrorNames.NoMatchingUnitFiles,
        ProfileSearchPath = ["/etc/systemd/portable/profile", "/run/systemd/portable/profile", "/usr/local/lib/systemd/portable/profile", "/usr/lib/systemd/portable/profile"],
        PicksVersionedDirectories = true,
        ReportsCanonicalImagePaths = true,
        HiddenImagesAreReadOnly = true,
        ReportsMissingLinksAsRemoved = true,
        RemovesMixedCopies = true,
        LogsSuccessfulChanges = true,
        PublishesReattachTypo = false,
        EscapesErrorMessages = true,
        ImageCandidateSuffixes = [".raw", ".mstack", ".v", ".raw.v", ".mstack.v"],
        RefusesLongCandidateNames = true,
        TypesNamesBySuffix = true,
        ResolvesExtensionPaths = true,
        ExtractsFromResolvedPaths = true,
        LoadsVerity = true,
        PolkitBypassCapability = null,
        NspawnSettingsDirectories = ["/etc/systemd/nspawn", "/run/systemd/nspawn", "/usr/lib/systemd/nspawn"],
        RemovedSidecarSuffixes = [".nspawn", ".oci-config", ".roothash", ".roothash.p7s", ".usrhash", ".usrhash.p7s", ".verity"],
        ReportsSubvolumeChangeTime = true,
        PolkitChallengeMessage = "Access denied as the requested operation requires interactive authentication. However, interactive authentication has not been enabled by the calling program.",
    };

    /// <summary>The release these behaviours are taken from.</summary>
    public required UpstreamVersion Version { get; init; }

    /// <summary>What <c>20-portable.conf</c> carries beyond the marker, root and <c>PORTABLE=</c> lines.</summary>
    public required DropInFormat DropIns { get; init; }

    /// <summary>Whether attach refuses a root whose <c>PORTABLE_SCOPE</c> is invalid or <c>user</c>.</summary>
    public required bool ChecksPortableScope { get; init; }

    /// <summary>Whether an extension's <c>ID</c> may match a word of the root's <c>ID_LIKE</c>.</summary>
    public required bool ExtensionIdMayMatchIdLike { get; init; }

    /// <summary>Whether the <c>mixed</c> copy mode exists.</summary>
    public required bool HasMixedCopyMode { get; init; }

    /// <summary>Whether attach and reattach validate the profile name and refuse an unknown profile up front.</summary>
    public required bool ValidatesProfileName { get; init; }

    /// <summary>
    /// Whether a marker matches by comparing each given image with the component at its position only
    /// (extra components are ignored), rather than requiring the same image list.
    /// </summary>
    public required bool MarkersMatchByPosition { get; init; }

    /// <summary>
    /// Whether marker components are compared by image name (file name without suffix and version,
    /// the asked-about side resolved on the host first), not by path or name as given. Then an
    /// argument no image name can be taken from is an error once a marker is compared with it (262:
    /// <c>..</c> InvalidArgs, <c>/</c> BadAddress), where 252 simply matches nothing.
    /// </summary>
    public required bool MarkerComponentsMatchByImageName { get; init; }

    /// <summary>Whether the os-release of an image with only a <c>/usr</c> partition is read from <c>/usr/lib/os-release</c>.</summary>
    public required bool ReadsUsrOnlyOsRelease { get; init; }

    /// <summary>Whether a raw image without its release file fails with <c>ENOMEDIUM</c> rather than "lacks … data".</summary>
    public required bool MissingRawReleaseIsNoMedium { get; init; }

    /// <summary>Whether an extension's release file is looked up by the image file's name (without version) rather than the name it was found by.</summary>
    public required bool ExtensionReleaseNamedAfterFile { get; init; }

    /// <summary>The directories searched for <c>extension-release.NAME</c>, sysext first; a hit in the second is a confext.</summary>
    public required IReadOnlyList<string> ExtensionReleaseDirectories { get; init; }

    /// <summary>How os-release and extension-release files are parsed (252 predates the v254 comment rule).</summary>
    public required EnvFileRules EnvFileRules { get; init; }

    /// <summary>
    /// Whether an <c>extension-release.NAME</c> that is a symlink loop fails with ELOOP (262) instead of
    /// counting as missing ("lacks extension-release data", 252). Observed; a looping os-release is
    /// missing in both.
    /// </summary>
    public required bool FailsOnLoopingExtensionRelease { get; init; }

    /// <summary>Whether unit files that are absolute symlinks are skipped (252 resolved them on the host).</summary>
    public required bool SkipsAbsoluteUnitLinks { get; init; }

    /// <summary>
    /// Symlinks followed to reach one unit file of an image from its unit directory before the unit is
    /// skipped as a loop: 252 opened it with openat() (the kernel's 40), 262 resolves it inside the
    /// image (observed: 128).
    /// </summary>
    public required int UnitLinkHops { get; init; }

    /// <summary>
    /// Whether a unit file that is a symlink to a directory is kept (252 opened it and failed only when
    /// reading it: inspect and copying attach fail with EISDIR, a raw image's extraction ends at it);
    /// 262 skips it like any unit that is not a regular file.
    /// </summary>
    public required bool KeepsUnitLinksToDirectories { get; init; }

    /// <summary>
    /// Whether <c>user.extension-release.strict</c> is read up to its first NUL (252: <c>false\0x</c>
    /// is false); 262 drops one trailing NUL and takes any other NUL as no boolean (observed).
    /// </summary>
    public required bool ReadsStrictXattrAsCString { get; init; }

    /// <summary>
    /// Whether two <c>extension-release.*</c> files that could both stand for an extension (marked
    /// <c>user.extension-release.strict=false</c>, or any with FORCE_EXTENSION) fail with ENOTUNIQ
    /// (262); 252 logs the error and goes on without a release file, so "lacks extension-release
    /// data" (observed for raw and directory extensions, attach and inspect).
    /// </summary>
    public required bool ReportsAmbiguousExtensionRelease { get; init; }

    /// <summary>The error name of "Couldn't find any matching unit files…".</summary>
    public required string NoMatchingUnitFilesErrorName { get; init; }

    /// <summary>The profile search path (Debian's 252 is a split-usr build and also looks in <c>/lib</c>).</summary>
    public required IReadOnlyList<string> ProfileSearchPath { get; init; }

    /// <summary>Whether <c>NAME.v/</c> and <c>NAME.raw.v/</c> directories are resolved to their best entry (systemd.v).</summary>
    public required bool PicksVersionedDirectories { get; init; }

    /// <summary>Whether an image found through a symlink in the search path reports the link's target as its path.</summary>
    public required bool ReportsCanonicalImagePaths { get; init; }

    /// <summary>Whether images whose name starts with a dot are read-only.</summary>
    public required bool HiddenImagesAreReadOnly { get; init; }

    /// <summary>Whether detach reports an image link that is already gone as removed.</summary>
    public required bool ReportsMissingLinksAsRemoved { get; init; }

    /// <summary>Whether detach removes an image copied into <c>/etc/portables</c> by the <c>mixed</c> mode.</summary>
    public required bool RemovesMixedCopies { get; init; }

    /// <summary>Whether the daemon logs "Successfully attached/detached…" at info level.</summary>
    public required bool LogsSuccessfulChanges { get; init; }

    /// <summary>Whether the Image object publishes <c>ReattacheWithExtensions</c> (252's spelling) and hides the correct one.</summary>
    public required bool PublishesReattachTypo { get; init; }

    /// <summary>Whether error messages show control characters as <c>\xNN</c> (262's sd-bus), rather than as they are.</summary>
    public required bool EscapesErrorMessages { get; init; }

    /// <summary>
    /// The file names tried after <c>NAME</c> itself when an image is looked up by name, in order
    /// (262 also tries the <c>.mstack</c> names it knows, even where it cannot use them).
    /// </summary>
    public required IReadOnlyList<string> ImageCandidateSuffixes { get; init; }

    /// <summary>
    /// How a lookup by name treats a candidate file name longer than NAME_MAX: refused up front with
    /// EINVAL (262, it is not a valid file name), or ENAMETOOLONG from the file system (252, once the
    /// search directory exists and nothing was found under the shorter names).
    /// </summary>
    public required bool RefusesLongCandidateNames { get; init; }

    /// <summary>
    /// How a lookup treats the bare name as a candidate file: 262 types it by its own suffix (a name
    /// ending in <c>.raw</c> must be a regular file, so <c>foo.raw</c> finds the raw image under the
    /// name <c>foo.raw</c> and never a directory of that name); 252 takes it as a directory or block
    /// device whatever it ends in.
    /// </summary>
    public required bool TypesNamesBySuffix { get; init; }

    /// <summary>
    /// Whether extensions given by path are resolved first (262's path_pick()): relative paths from
    /// "/", a path that is no directory, regular file or block device is ENOENT, and a directory
    /// extension without its extension-release file is ENOENT too; 252 takes the path as given
    /// (EMEDIUMTYPE for the wrong type, InvalidArgs "lacks extension-release data").
    /// </summary>
    public required bool ResolvesExtensionPaths { get; init; }

    /// <summary>
    /// Whether an image given by a path with symlinks is extracted and attached by its resolved path
    /// (262's path_pick(): messages, drop-ins and image links name the target, observed for
    /// <c>/proc/self</c> and a symlink to an image), while <c>GetImageMetadata</c> still replies with
    /// the path as given; 252 uses the path as given throughout.
    /// </summary>
    public required bool ExtractsFromResolvedPaths { get; init; }

    /// <summary>
    /// Whether raw images are dissected with their verity settings (sidecars, signature partition, root
    /// hash from the partition UUIDs) and pinned as <c>verity</c>/<c>signed</c>; Portabled then also checks
    /// them (docs/image-readers.md, "dm-verity"). 252's portabled passes no verity settings at all.
    /// </summary>
    public required bool LoadsVerity { get; init; }

    /// <summary>
    /// Which callers skip polkit: those holding this capability (252: CAP_SYS_ADMIN), or with null only
    /// those running as the daemon's uid, or as root when the daemon is not (262). Either way as
    /// sd_bus_query_sender_privilege() decides it.
    /// </summary>
    public required int? PolkitBypassCapability { get; init; }

    /// <summary>The message of <c>InteractiveAuthorizationRequired</c>, when polkit would authorize after authentication (observed).</summary>
    public required string PolkitChallengeMessage { get; init; }

    /// <summary>Where removing an image also deletes its systemd-nspawn settings, <c>NAME.nspawn</c> (observed).</summary>
    public required IReadOnlyList<string> NspawnSettingsDirectories { get; init; }

    /// <summary>The files <c>NAME</c> + suffix beside an image that removing it deletes too (observed).</summary>
    public required IReadOnlyList<string> RemovedSidecarSuffixes { get; init; }

    /// <summary>Whether a subvolume image's <c>ModificationTimestamp</c> is the subvolume's ctime (else 0, as for directories).</summary>
    public required bool ReportsSubvolumeChangeTime { get; init; }

    /// <summary>The behaviours of a release.</summary>
    public static UpstreamBehavior For(UpstreamVersion version) => version switch
    {
        UpstreamVersion.V252 => V252,
        UpstreamVersion.V262 => V262,
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };
}
