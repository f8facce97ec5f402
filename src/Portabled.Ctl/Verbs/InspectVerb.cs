// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Bus;
using Portabled.Ctl.CommandLine;
using Portabled.Ctl.Images;
using Portabled.Ctl.Json;
using Portabled.Ctl.Output;
using Portabled.SdBus;

namespace Portabled.Ctl.Verbs;

/// <summary>
/// inspect: the image's metadata as upstream prints it (blocks, or the raw files with --cat), in
/// the pager. Like 262, a name-derived prefix that matches nothing is retried once with the
/// image's PORTABLE_PREFIXES=.
/// </summary>
internal static class InspectVerb
{
    private const string NoMatchingUnitFiles = "org.freedesktop.portable1.NoMatchingUnitFiles";

    public static int Run(CtlContext context, IReadOnlyList<string> args)
    {
        string image = ImageArgument.Resolve(context, args[1], permitNonExisting: false);
        IReadOnlyList<string> explicitPrefixes = args.Skip(2).ToList();
        IReadOnlyList<string> matches = UnitMatches.Determine(context, args[1], explicitPrefixes, allowAll: true);
        context.AcquireBus();
        ImageMetadata metadata;
        try
        {
            metadata = MetadataCalls.Get(context, image, matches);
        }
        catch (DBusException e) when (e.ErrorName == NoMatchingUnitFiles && explicitPrefixes.Count == 0)
        {
            IReadOnlyList<string> prefixes = PrefixesFromOsRelease(context, image);
            if (prefixes.Count == 0)
            {
                throw new CtlException($"Failed to inspect image metadata: {e.Describe()}");
            }

            context.Info("(No matching unit files found with the image name prefix, retrying with PORTABLE_PREFIXES= from os-release.)");
            UnitMatches.Announce(context, prefixes);
            metadata = GetOrFail(context, image, prefixes);
        }
        catch (DBusException e)
        {
            throw new CtlException($"Failed to inspect image metadata: {e.Describe()}");
        }

        context.OpenPager();
        if (context.Settings.Json != JsonMode.Off)
        {
            JsonOutput.Inspect(context.Settings.Json, metadata, context.Settings.Cat, MetadataCalls.ResolveExtensions(context, permitNonExisting: true));
        }
        else if (context.Settings.Cat)
        {
            PrintFiles(metadata);
        }
        else
        {
            PrintBlocks(metadata);
        }

        return 0;
    }

    private static ImageMetadata GetOrFail(CtlContext context, string image, IReadOnlyList<string> matches)
    {
        try
        {
            return MetadataCalls.Get(context, image, matches);
        }
        catch (DBusException e)
        {
            throw new CtlException($"Failed to inspect image metadata: {e.Describe()}");
        }
    }

    private static IReadOnlyList<string> PrefixesFromOsRelease(CtlContext context, string image)
    {
        IReadOnlyList<KeyValuePair<string, string>> osRelease;
        try
        {
            osRelease = context.Portable.GetImageOSRelease(image);
        }
        catch (DBusException e)
        {
            throw new CtlException($"Failed to inspect image os-release: {e.Describe()}");
        }

        string? value = osRelease.LastOrDefault(p => p.Key == "PORTABLE_PREFIXES").Value;
        string[] prefixes = (value ?? string.Empty).Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (prefixes.Any(p => !FileNames.IsValidFileName(p) || p.Any(c => c < ' ' || c is '\x7f' or '"' or '\'' or '\\')))
        {
            throw new CtlException("Invalid PORTABLE_PREFIXES= entry in image os-release, refusing.");
        }

        return prefixes;
    }

    private static void PrintFiles(ImageMetadata metadata)
    {
        string on = Ansi.Highlight, off = Ansi.Normal;
        StandardOutput.WriteLine($"{on}-- OS Release: --{off}");
        StandardOutput.Write(metadata.OsRelease);
        StandardOutput.Flush();
        foreach (var (name, data) in metadata.Extensions)
        {
            StandardOutput.Write($"\n{on}-- Extension Release: {name} --{off}\n");
            StandardOutput.Write(data);
            StandardOutput.Flush();
        }

        foreach (var (name, data) in metadata.Units)
        {
            StandardOutput.Write($"\n{on}-- Unit file: {name} --{off}\n");
            StandardOutput.Write(data);
            StandardOutput.Flush();
        }
    }

    private static void PrintBlocks(ImageMetadata metadata)
    {
        ReleaseFields os = ReleaseFields.Parse(metadata.OsRelease, "Failed to parse /etc/os-release");
        StandardOutput.Write($"Image:\n\t{metadata.Image}\nPortable Service:\n\t{os["PORTABLE_PRETTY_NAME"] ?? "n/a"}\nOperating System:\n\t{os["PRETTY_NAME"] ?? "n/a"}\n");
        foreach (var (name, data) in metadata.Extensions)
        {
            ReleaseFields ext = ReleaseFields.Parse(data, $"Failed to parse extension release from '{name}'");
            StandardOutput.Write(ExtensionBlock(name, ext));
        }

        for (int i = 0; i < metadata.Units.Count; i++)
        {
            StandardOutput.Write((i == 0 ? "Unit files:\n" : string.Empty) + "\t" + metadata.Units[i].Key + "\n");
        }
    }

    internal static string ExtensionBlock(string name, ReleaseFields ext)
    {
        string? pretty = ext.First("SYSEXT_PRETTY_NAME", "CONFEXT_PRETTY_NAME");
        string id = ext.First("SYSEXT_ID", "SYSEXT_IMAGE_ID", "CONFEXT_ID", "CONFEXT_IMAGE_ID") ?? "n/a";
        string version = ext.First("SYSEXT_VERSION_ID", "SYSEXT_IMAGE_VERSION", "SYSEXT_BUILD_ID", "CONFEXT_VERSION_ID", "CONFEXT_IMAGE_VERSION", "CONFEXT_BUILD_ID") ?? "n/a";
        string image = pretty is not null ? $"{pretty} ({id} {version})" : $"ID: {id} Version: {version}";
        return $"Extension:\n\t{name}\n" +
            $"\tExtension Scope:\n\t\t{ext.First("SYSEXT_SCOPE", "CONFEXT_SCOPE") ?? "n/a"}\n" +
            $"\tExtension Compatibility Level:\n\t\t{ext.First("SYSEXT_LEVEL", "CONFEXT_LEVEL") ?? "n/a"}\n" +
            $"\tExtension Compatibility OS:\n\t\t{ext["ID"] ?? "n/a"}\n" +
            $"\tExtension Compatibility OS Version:\n\t\t{ext["VERSION_ID"] ?? "n/a"}\n" +
            $"\tPortable Service:\n\t\t{ext["PORTABLE_PRETTY_NAME"] ?? "n/a"}\n" +
            $"\tPortable Prefixes:\n\t\t{ext["PORTABLE_PREFIXES"] ?? "n/a"}\n" +
            $"\tExtension Image:\n\t\t{image}\n";
    }
}
