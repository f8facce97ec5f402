// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.SdBus;

namespace Portabled.Service.Authorization;

/// <summary>
/// What polkit said to one CheckAuthorization: authorized; not authorized but authentication could
/// make it so (<paramref name="Challenge"/>); or the call failed (<paramref name="Error"/>).
/// </summary>
internal sealed record PolkitAnswer(bool Authorized, bool Challenge, DBusException? Error);
