// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Testing;

namespace Portabled.Service.Tests.EndToEnd;

/// <summary>systemd-portabled.service runs our NativeAOT daemon, under the rest of upstream's unit (MemoryDenyWriteExecute=yes included).</summary>
public sealed class OurPortabledSystem : BootedSystem
{
    /// <inheritdoc />
    protected override string? Daemon => PortabledCommands.NativeDaemonInContainer;
}

/// <summary>systemd-portabled.service as shipped: the real daemon, to check the harness and the expectations.</summary>
public sealed class RealPortabledSystem : BootedSystem
{
    /// <inheritdoc />
    protected override string? Daemon => null;
}

/// <summary>Our daemon told to behave like 262, whose attach and detach messages carry journal MESSAGE_IDs (256+).</summary>
public sealed class OurPortabled262System : BootedSystem
{
    /// <inheritdoc />
    protected override string? Daemon => PortabledCommands.NativeDaemonInContainer + " --upstream-version=262";
}
