// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Service.Authorization;

/// <summary>The polkit action ids of <c>systemd/org.freedesktop.portable1.policy</c> (upstream's, identical in 252 and 262).</summary>
internal static class PolkitActions
{
    /// <summary>Reading an image given by path: os-release, metadata, unit files.</summary>
    public const string InspectImages = "org.freedesktop.portable1.inspect-images";

    /// <summary>Attach, detach, reattach.</summary>
    public const string AttachImages = "org.freedesktop.portable1.attach-images";

    /// <summary>Remove, mark read-only, set limits.</summary>
    public const string ManageImages = "org.freedesktop.portable1.manage-images";
}
