// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Host;

/// <summary>What a recovery pass found (docs/reliability.md, "Recovery").</summary>
/// <param name="Clean">Whether every directory it swept could be read whole and every temporary in them was removed.</param>
/// <param name="DropInDirectoriesSwept">How many <c>.d</c> directories it listed.</param>
public readonly record struct RecoveryResult(bool Clean, int DropInDirectoriesSwept);
