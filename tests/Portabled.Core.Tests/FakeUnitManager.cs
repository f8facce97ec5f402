// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Host;

namespace Portabled.Core.Tests;

/// <summary>An <see cref="IUnitManager"/> whose answers the test sets, recording every call.</summary>
internal sealed class FakeUnitManager : IUnitManager
{
    public HashSet<string> Active { get; } = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = [];

    public Exception? Failure { get; set; }

    public bool IsActive(string unitName)
    {
        Calls.Add("IsActive " + unitName);
        if (Failure is not null)
        {
            throw Failure;
        }

        return Active.Contains(unitName);
    }
}
