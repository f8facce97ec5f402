// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Images;
using Portabled.Core.Metadata;
using Portabled.Core.Versions;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Metadata;

namespace Portabled.Core;

public sealed partial class PortableManager
{
    private const int MaxProfileDropInSize = 1024 * 1024;

    /// <summary>
    /// <c>AttachImage*</c> (docs/attach-detach.md, "Validation", "Writing"): validates flags, copy mode, image, (262) profile, release files, prefixes,
    /// units and host conflicts, then writes per unit (sorted by name) the <c>.d</c> directory,
    /// <c>20-portable.conf</c>, the profile drop-in and the unit file last, then the image links — as one
    /// crash-safe transaction (docs/reliability.md, "Crash safety"). A failure before its commit point
    /// undoes everything this call did and rethrows. The result carries the image attached, for the
    /// caller's log.
    /// </summary>
    public AttachResult Attach(string nameOrPath, IReadOnlyList<string> extensions, IReadOnlyList<string> matches, string profile, string copyMode, ulong flags)
    {
        ValidateFlags(flags, (ulong)PortableFlags.PublicMask);
        CopyMode mode = CopyModes.Parse(copyMode, _behavior);
        PortableImage image = ForExtraction(AcquireImage(nameOrPath));
        ValidateProfileFor(profile);
        try
        {
            lock (_changeLock)
            {
                RecoverLocked();
                AttachPlan plan = PrepareAttach(image, extensions, matches, profile, mode, (PortableFlags)flags, reattach: false);
                return new AttachResult(ApplyChanges(plan, removals: null).Attached, image);
            }
        }
        catch (PortableException e)
        {
            // Outside the lock: the lint reads the image again.
            ExplainAttachFailure(image, extensions, matches, profile, e);
            throw;
        }
    }

    private AttachPlan PrepareAttach(PortableImage image, IReadOnlyList<string> extensions, IReadOnlyList<string> matches, string profile, CopyMode mode, PortableFlags flags, bool reattach)
    {
        List<PortableImage> extensionImages = [.. extensions.Select(AcquireExtension)];
        Extraction extraction = Extract(image, extensionImages, matches, flags.HasFlag(PortableFlags.ForceExtension), validate: true);
        if (extraction.ValidPrefixes.Count > 0 && matches.Any(m => !extraction.ValidPrefixes.Contains(m, StringComparer.Ordinal)))
        {
            string infix = extensionImages.Count == 0 ? string.Empty : "' or any of its extensions '" + string.Join(", ", extensionImages.Select(e => e.Path));
            throw new InvalidArgumentsException(
                $"Selected matches '{string.Join("', '", matches)}' are not compatible with portable service image '{image.Path}{infix}', refusing. " +
                $"(Acceptable prefix matches are: {string.Join(", ", extraction.ValidPrefixes)})");
        }

        if (extraction.Units.Count == 0)
        {
            throw new NoMatchingUnitFilesException(_behavior, DescribeImages(image, extensionImages));
        }

        List<ExtractedUnit> units = [.. extraction.Units.OrderBy(u => u.Name, StringComparer.Ordinal)];
        if (!reattach && !flags.HasFlag(PortableFlags.ForceAttach))
        {
            foreach (ExtractedUnit unit in units)
            {
                if (UnitExistsOnHost(unit.Name))
                {
                    throw new UnitExistsException($"Unit file '{unit.Name}' exists on the host already, refusing.");
                }

                if (_units.IsActive(unit.Name))
                {
                    throw new UnitExistsException($"Unit file '{unit.Name}' is active already, refusing.");
                }
            }
        }

        // 252 looks any profile string up; a component longer than NAME_MAX fails that lookup with
        // ENAMETOOLONG while the first unit is attached (observed; the unit upstream names is the first
        // in its hash order, ours the first by name).
        if (!_behavior.ValidatesProfileName && profile.Split('/').Any(c => System.Text.Encoding.UTF8.GetByteCount(c) > ImageNames.MaxNameLength))
        {
            throw new ErrnoException(Errno.ENAMETOOLONG, $"Failed to attach unit '{units[0].Name}': {Errno.ToMessage(Errno.ENAMETOOLONG)}");
        }

        var profileDropIns = new Dictionary<string, string>(StringComparer.Ordinal);
        if (IsUsableProfileName(profile))
        {
            foreach (string type in units.Select(u => UnitNames.GetUnitType(u.Name)).Distinct(StringComparer.Ordinal))
            {
                if (_profiles.FindDropIn(profile, type) is { } path)
                {
                    profileDropIns[type] = path;
                }
            }
        }

        var context = new DropInContext(image, extraction.RootRelease, extensionImages, extraction.ParsedExtensionReleases, flags, HostOsReleasePath())
        {
            RootImagePolicy = extraction.RootPolicy,
            ExtensionImagePolicy = extraction.ExtensionPolicy,
        };
        return new AttachPlan(context, units, profileDropIns, mode);
    }

    // 262 refuses an invalid or unknown profile before anything else is read; 252 accepts any string.
    private void ValidateProfileFor(string profile)
    {
        if (_behavior.ValidatesProfileName)
        {
            ValidateProfile(profile);
        }
    }

    private void ValidateProfile(string profile)
    {
        if (!IsUsableProfileName(profile))
        {
            throw new InvalidArgumentsException($"Profile name '{profile}' is not valid.");
        }

        IReadOnlyList<string> available = _profiles.List();
        if (!available.Contains(profile, StringComparer.Ordinal))
        {
            string list = available.Count == 0 ? string.Empty : $" (Available profiles are: {string.Join(", ", available)})";
            throw new InvalidArgumentsException($"Profile '{profile}' does not exist, refusing.{list}");
        }
    }

    // filename_is_valid(). 252 accepts any profile string; an empty or path-like one gives no profile drop-in here.
    private static bool IsUsableProfileName(string profile) =>
        profile.Length is > 0 and <= ImageNames.MaxNameLength && profile is not ("." or "..") && !profile.Contains('/') && !profile.Contains('\0');

    private byte[] ReadProfileDropIn(string logicalPath)
    {
        if (!_layout.TryResolve(logicalPath, true, out _, out HostDirectoryNode? node) || node.Type != FileType.RegularFile)
        {
            throw new ErrnoException(Errno.ENOENT);
        }

        if (node.Size > MaxProfileDropInSize)
        {
            throw new ErrnoException(Errno.EFBIG);
        }

        return File.ReadAllBytes(node.HostPath);
    }

    // Whether a file of that exact name is anywhere in the host's unit search path (an instance does
    // not count for its template: only the exact name is looked up). A dangling symlink counts.
    private bool UnitExistsOnHost(string unit)
    {
        foreach (string dir in _layout.UnitSearchPath)
        {
            if (HostFileStatus.TryGet(_layout.ToHost($"{dir}/{unit}"), out _, out int errno))
            {
                return true;
            }

            if (errno is not (Errno.ENOENT or Errno.ENOTDIR))
            {
                throw new ErrnoException(errno, $"Failed to determine whether unit '{unit}' exists on the host: {Errno.ToMessage(errno)}");
            }
        }

        return false;
    }

    // 252's BindReadOnlyPaths= source: the host's os-release by the usual lookup order, the last candidate when none exists.
    private string HostOsReleasePath() =>
        ReleaseFiles.OsReleasePaths.FirstOrDefault(p => File.Exists(_layout.ToHost(p))) ?? ReleaseFiles.OsReleasePaths[^1];

    // The lint's explanation of a refused attach goes to the log (docs/lint.md); the error goes on unchanged.
    private void ExplainAttachFailure(PortableImage image, IReadOnlyList<string> extensions, IReadOnlyList<string> matches, string profile, PortableException error) =>
        Lint.AttachExplainer.Explain(_logger, _layout, _behavior, _opener, image, extensions, matches, profile, error);
}
