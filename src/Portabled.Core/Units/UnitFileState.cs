// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Units;

/// <summary>
/// The unit file states of systemd's install logic (what <c>systemctl is-enabled</c> prints), as far
/// as they can occur for a unit found in the host's unit search path (docs/unit-file-state.md).
/// </summary>
public enum UnitFileState
{
    /// <summary><c>enabled</c>: a matching link in <c>/etc/systemd/system</c> (or a dependency directory there).</summary>
    Enabled,

    /// <summary><c>enabled-runtime</c>: a matching link in a directory under <c>/run</c>.</summary>
    EnabledRuntime,

    /// <summary><c>linked</c>: the unit's own name linked in <c>/etc/systemd/system</c> to a file elsewhere.</summary>
    Linked,

    /// <summary><c>linked-runtime</c>: the same under <c>/run</c>.</summary>
    LinkedRuntime,

    /// <summary><c>alias</c>: the name resolves to a unit file of another name.</summary>
    Alias,

    /// <summary><c>masked</c>: the name resolves to an empty file or a character device (<c>/dev/null</c>).</summary>
    Masked,

    /// <summary><c>masked-runtime</c>: masked from a directory under <c>/run</c>.</summary>
    MaskedRuntime,

    /// <summary><c>static</c>: no [Install] rules and nothing links to it.</summary>
    Static,

    /// <summary><c>disabled</c>: [Install] rules, none of them applied.</summary>
    Disabled,

    /// <summary><c>indirect</c>: known under other names only, or [Install] with just <c>Also=</c>.</summary>
    Indirect,

    /// <summary><c>generated</c>: the file lives in a generator directory.</summary>
    Generated,

    /// <summary><c>transient</c>: the file lives in <c>/run/systemd/transient</c>.</summary>
    Transient,
}
