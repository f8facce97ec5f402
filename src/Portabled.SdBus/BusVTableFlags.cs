// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.SdBus;

/// <summary>SD_BUS_VTABLE_* flags (sd_bus_add_object_vtable(3)); the values are the ABI's.</summary>
[Flags]
public enum BusVTableFlags : ulong
{
    /// <summary>No flag: for methods this means sd-bus itself demands CAP_SYS_ADMIN from callers on the system bus; for properties, EmitsChangedSignal=false.</summary>
    None = 0,

    /// <summary>SD_BUS_VTABLE_DEPRECATED.</summary>
    Deprecated = 1UL << 0,

    /// <summary>SD_BUS_VTABLE_HIDDEN: callable but not introspected.</summary>
    Hidden = 1UL << 1,

    /// <summary>SD_BUS_VTABLE_UNPRIVILEGED: any caller may call; the handler authorizes.</summary>
    Unprivileged = 1UL << 2,

    /// <summary>SD_BUS_VTABLE_METHOD_NO_REPLY.</summary>
    MethodNoReply = 1UL << 3,

    /// <summary>SD_BUS_VTABLE_PROPERTY_CONST.</summary>
    PropertyConst = 1UL << 4,

    /// <summary>SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE.</summary>
    PropertyEmitsChange = 1UL << 5,

    /// <summary>SD_BUS_VTABLE_PROPERTY_EMITS_INVALIDATION.</summary>
    PropertyEmitsInvalidation = 1UL << 6,

    /// <summary>SD_BUS_VTABLE_PROPERTY_EXPLICIT.</summary>
    PropertyExplicit = 1UL << 7,
}
