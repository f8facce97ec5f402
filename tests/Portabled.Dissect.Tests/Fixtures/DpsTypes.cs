// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Dissect.Tests.Fixtures;

/// <summary>DPS type GUIDs the fixtures use (from the Discoverable Partitions Specification).</summary>
internal static class DpsTypes
{
    public const string RootX86_64 = "4f68bce3-e8cd-4db1-96e7-fbcaf984b709";
    public const string UsrX86_64 = "8484680c-9521-48c6-9c11-b0720656f69e";
    public const string RootVerityX86_64 = "2c7357ed-ebd2-46d9-aec1-23d437ec2bf5";
    public const string RootVeritySigX86_64 = "41092b05-9fc8-4523-994f-2def0408b176";
    public const string UsrVerityX86_64 = "77ff5f63-e7b6-4633-acf4-1565b864c0e6";
    public const string RootX86 = "44479540-f297-41b2-9af7-d131d5f0458a";
    public const string RootArm64 = "b921b045-1df0-41c3-af44-4c6f280d3fae";
    public const string UsrArm64Verity = "6e11a4e7-fbca-4ded-b9e9-e1a512bb664e";
    public const string Esp = "c12a7328-f81f-11d2-ba4b-00a0c93ec93b";
    public const string Home = "933ac7e1-2eb4-4f13-b844-0e14e2aef915";
    public const string LinuxGeneric = "0fc63daf-8483-4772-8e79-3d69d8477de4";
}
