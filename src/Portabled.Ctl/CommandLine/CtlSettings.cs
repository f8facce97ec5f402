// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.CommandLine;

/// <summary>Everything the options set, with upstream's defaults.</summary>
internal sealed class CtlSettings
{
    public bool NoPager { get; set; }

    public bool Legend { get; set; } = true;

    public bool AskPassword { get; set; } = true;

    public bool Quiet { get; set; }

    public string Profile { get; set; } = "default";

    /// <summary>The copy_mode sent to the daemon: "" for auto.</summary>
    public string CopyMode { get; set; } = string.Empty;

    public bool Runtime { get; set; }

    public bool Reload { get; set; } = true;

    public bool Cat { get; set; }

    public BusTransport Transport { get; set; } = BusTransport.Local;

    public string? Host { get; set; }

    public RuntimeScope Scope { get; set; } = RuntimeScope.System;

    public bool Enable { get; set; }

    public bool Now { get; set; }

    public bool NoBlock { get; set; }

    public List<string> Extensions { get; } = [];

    public bool Force { get; set; }

    public bool Clean { get; set; }

    public JsonMode Json { get; set; } = JsonMode.Off;

    /// <summary>The WithExtensions methods are used as soon as there are extensions or --force.</summary>
    public bool UseExtensionMethods => Extensions.Count > 0 || Force;
}
