// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Images;
using Portabled.Dissect.FileSystems.HostDirectory;

namespace Portabled.Core;

public sealed partial class PortableManager
{
    /// <summary>
    /// <c>ReattachImage*</c> (docs/attach-detach.md, "Reattach"): detach then attach, without the "active"/"exists" checks. Returns the
    /// detach changes whose file name does not reappear among the attach changes (really gone) and all
    /// attach changes. Unlike upstream, the new image is resolved, read and validated completely before
    /// anything is detached, so a bad new image leaves the old attachment in place; and in 252 mode an
    /// image found through its own <c>/etc/portables</c> link is used by its target, so detaching (which
    /// removes that link) cannot make the attach fail (upstream 252 bug, see docs/differences.md).
    /// </summary>
    public (IReadOnlyList<PortableChange> Removed, IReadOnlyList<PortableChange> Updated) Reattach(
        string nameOrPath, IReadOnlyList<string> extensions, IReadOnlyList<string> matches, string profile, string copyMode, ulong flags)
    {
        ValidateFlags(flags, (ulong)PortableFlags.PublicMask);
        CopyMode mode = CopyModes.Parse(copyMode, _behavior);
        PortableImage image = ResolveThroughImageLink(AcquireImage(nameOrPath));
        lock (_changeLock)
        {
            // Upstream detaches before it reads the new image, so "nothing attached" outranks every
            // error of the attach half (observed); finding the units first keeps that order while
            // nothing is removed until the new image is known to be good.
            ValidateProfileFor(profile);
            List<AttachedUnit> units = FindAttached(image.Path, extensions, (PortableFlags)flags, reattach: true);
            AttachPlan plan = PrepareAttach(ForExtraction(image), extensions, matches, profile, mode, (PortableFlags)flags, reattach: true);
            List<PortableChange> detached = RemoveAttached(image.Path, units, (PortableFlags)flags);
            IReadOnlyList<PortableChange> attached = ExecuteAttach(plan);
            var attachedNames = attached.Select(c => Path.GetFileName(c.Path)).ToHashSet(StringComparer.Ordinal);
            return ([.. detached.Where(c => !attachedNames.Contains(Path.GetFileName(c.Path)))], attached);
        }
    }

    private PortableImage ResolveThroughImageLink(PortableImage image)
    {
        string? directory = Path.GetDirectoryName(image.Path);
        bool inLinkDirectory = directory == _layout.GetPortablesLinkDirectory(false) || directory == _layout.GetPortablesLinkDirectory(true);
        if (!inLinkDirectory || !HostFileStatus.TryGet(_layout.ToHost(image.Path), out HostFileStatus st, out _) ||
            st.Type != Dissect.FileSystems.FileType.SymbolicLink ||
            !_layout.TryResolve(image.Path, true, out string canonical, out _))
        {
            return image;
        }

        return image with { Path = canonical };
    }
}
