// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Images;
using Portabled.Core.Opening;
using Portabled.Core.Profiles;
using Portabled.Core.Versions;
using Portabled.Dissect.FileSystems.HostDirectory;
using Portabled.Dissect.FileSystems;
using Portabled.Dissect.Metadata;

namespace Portabled.Core.Lint;

/// <summary>
/// The image lint (docs/lint.md): every requirement of a portable image checked without privileges and
/// without a daemon, through the same image discovery, opener, extraction and validation rules attach
/// uses, each failure a <see cref="LintFinding"/> of a stable <see cref="LintCheck"/>. The image is read
/// once; the checks that need what an earlier one could not read are left out.
/// </summary>
public sealed class ImageLinter
{
    private readonly HostLayout _layout;
    private readonly UpstreamBehavior _behavior;
    private readonly IImageOpener _opener;
    private readonly ImageDiscovery _discovery;
    private readonly ProfileSearch _profiles;

    /// <summary>Creates the linter for images of <paramref name="layout"/> as <paramref name="behavior"/> attaches them.</summary>
    public ImageLinter(HostLayout layout, UpstreamBehavior behavior, IImageOpener? opener = null)
    {
        _layout = layout;
        _behavior = behavior;
        _opener = opener ?? new ImageOpener(layout, behavior);
        _discovery = new ImageDiscovery(layout, behavior);
        _profiles = new ProfileSearch(layout, behavior);
    }

    /// <summary>Lints <paramref name="request"/>; never throws for what is wrong with the image.</summary>
    public LintReport Lint(LintRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var early = new List<LintFinding>();
        if (Acquire(request.Image, early, extension: false) is not { } root || Open(root, early) is not { } opened)
        {
            return new LintReport(request.Image, early);
        }

        var context = new LintContext(request, _layout, _behavior, root, opened);
        try
        {
            Run(context, early);
            return new LintReport(request.Image, [.. early, .. context.Findings]);
        }
        finally
        {
            context.Extensions.ForEach(e => e.Dispose());
            opened.Dispose();
        }
    }

    private void Run(LintContext context, List<LintFinding> early)
    {
        ReleaseChecks.Check(context);
        foreach (string name in context.Request.Extensions)
        {
            if (Acquire(name, early, extension: true) is { } extension && Open(extension, early) is { } opened)
            {
                context.Extensions.Add(opened);
                ExtensionChecks.Check(context, extension, opened);
            }
        }

        PrefixChecks.Check(context);
        foreach (var unit in context.Units)
        {
            string type = UnitNames.GetUnitType(unit.Name);
            UnitSettings settings = UnitChecks.Read(context, unit, _profiles.FindDropIn(context.Request.Profile, type));
            UnitChecks.Check(context, unit, settings);
            if (type == "service")
            {
                ExecChecks.Check(context, unit, settings);
            }

            MountPointChecks.Check(context, unit, settings);
        }

        ImagePolicyChecks.Check(context);
    }

    // The image as attach finds it by path; a regular file must end in .raw (else 'Wrong medium type').
    private PortableImage? Acquire(string nameOrPath, List<LintFinding> findings, bool extension)
    {
        if (nameOrPath.StartsWith('/') && _layout.TryResolve(nameOrPath, true, out _, out HostDirectoryNode? node) && node.Type == FileType.RegularFile &&
            !nameOrPath.EndsWith(".raw", StringComparison.Ordinal))
        {
            findings.Add(new LintFinding(LintChecks.ImageName, nameOrPath,
                $"'{Path.GetFileName(nameOrPath)}' is a regular file without the .raw suffix: portabled takes only NAME.raw files as raw images ('Wrong medium type'). Rename it to NAME.raw."));
            return null;
        }

        try
        {
            return extension ? ExtensionOf(nameOrPath) : ImageNames.IsValid(nameOrPath) ? Found(nameOrPath) : _discovery.FromPath(nameOrPath);
        }
        catch (PortableException e)
        {
            bool badName = e is ErrnoException { Errno: Errno.EINVAL } or BadImageTypeException;
            findings.Add(new LintFinding(badName ? LintChecks.ImageName : LintChecks.ImageUnreadable, nameOrPath, NameMessage(nameOrPath, e)));
            return null;
        }
    }

    private PortableImage Found(string name) => _discovery.TryFind(name, out PortableImage? image) ? image! : throw new NoSuchImageException(name);

    private PortableImage ExtensionOf(string nameOrPath) =>
        ImageNames.IsValid(nameOrPath) ? Found(nameOrPath) : _discovery.ExtensionFromPath(nameOrPath);

    private static string NameMessage(string path, PortableException e) => e switch
    {
        ErrnoException { Errno: Errno.EINVAL } =>
            $"'{Path.GetFileName(path.TrimEnd('/'))}' gives no valid image name (letters, digits, '-', '_' before the version): rename it, e.g. app_1.0.raw. ({e.Message})",
        _ => $"The image cannot be found: {e.Message}",
    };

    private OpenedImage? Open(PortableImage image, List<LintFinding> findings)
    {
        try
        {
            return _opener.Open(image);
        }
        catch (Exception e) when (ImageErrorMap.IsImageFailure(e) || e is PortableException)
        {
            string message = e is PortableException p ? p.Message : ImageErrorMap.Translate(image.Path, e).Message;
            findings.Add(new LintFinding(LintChecks.ImageUnreadable, image.Path, $"The image cannot be read: {message}"));
            return null;
        }
    }
}
