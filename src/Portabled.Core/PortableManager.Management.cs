// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Images;
using Portabled.Core.State;

namespace Portabled.Core;

/// <content>Image management: remove, mark read-only, quota limits (docs/image-management.md).</content>
public sealed partial class PortableManager
{
    /// <summary>Removals that may run at once; more is "Too many ongoing operations." (upstream's OPERATIONS_MAX).</summary>
    public const int MaxOngoingOperations = 64;

    /// <summary>Removals under way.</summary>
    public int OngoingOperations => _management.OngoingOperations;

    /// <summary>
    /// <c>RemoveImage</c>: only a detached image (its state computed without extensions) is removed, with
    /// its nspawn settings and sidecar files; blocks until done. EBUSY "Image '…' is not detached,
    /// refusing." otherwise.
    /// </summary>
    public void RemoveImage(string nameOrPath)
    {
        PortableImage image = AcquireImage(nameOrPath);
        lock (_changeLock)
        {
            if (ComputeState(image.Path, []) != PortableState.Detached)
            {
                throw new ErrnoException(Errno.EBUSY, $"Image '{image.Path}' is not detached, refusing.");
            }
        }

        _management.Remove(image);
    }

    /// <summary><c>MarkImageReadOnly</c>.</summary>
    public void MarkImageReadOnly(string nameOrPath, bool readOnly) => _management.SetReadOnly(AcquireManagedImage(nameOrPath), readOnly);

    /// <summary><c>SetImageLimit</c>: btrfs subvolume images only (EOPNOTSUPP otherwise).</summary>
    public void SetImageLimit(string nameOrPath, ulong limit) => _management.SetLimit(AcquireManagedImage(nameOrPath), limit);

    /// <summary><c>SetPoolLimit</c>: the quota of /var/lib/portables (NotSupported off btrfs); the limit as <see cref="ValidateLimit"/> checks it.</summary>
    public void SetPoolLimit(ulong limit) => _management.SetPoolLimit(limit);
}
