// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Ctl.CommandLine;

/// <summary>portablectl's options.</summary>
internal enum OptionId
{
    Help,
    Version,
    NoPager,
    NoLegend,
    NoAskPassword,
    Host,
    Machine,
    Quiet,
    Profile,
    Copy,
    Runtime,
    NoReload,
    Cat,
    Enable,
    Now,
    NoBlock,
    Extension,
    Force,
    Clean,
    User,
    System,
    Json,
}
