// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Tests.Verity.OpenSsl;

/// <summary>
/// Tests that count live OpenSSL handles process-wide: they run alone, after the parallel tests, so
/// no other test creates or frees handles meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OpenSslHandleCollection
{
    public const string Name = "OpenSSL handle accounting";
}
