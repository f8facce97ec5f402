// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.State;

/// <summary>The attachment state of an image (docs/attach-detach.md, "State").</summary>
public enum PortableState
{
    /// <summary>No unit of the image is attached (<c>detached</c>).</summary>
    Detached,

    /// <summary>Attached persistently (<c>attached</c>).</summary>
    Attached,

    /// <summary>Attached in /run (<c>attached-runtime</c>).</summary>
    AttachedRuntime,

    /// <summary>Attached persistently and a unit is enabled (<c>enabled</c>).</summary>
    Enabled,

    /// <summary>Attached in /run and a unit is enabled (<c>enabled-runtime</c>).</summary>
    EnabledRuntime,

    /// <summary>Attached persistently and a unit is active (<c>running</c>).</summary>
    Running,

    /// <summary>Attached in /run and a unit is active (<c>running-runtime</c>).</summary>
    RunningRuntime,
}
