package io.jenkins.plugins.flatpak.jenkins.model;

import hudson.Extension;
import hudson.model.Api;
import hudson.model.ManagementLink;
import hudson.security.Permission;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.jenkins.config.FlatpakGlobalConfiguration;
import io.jenkins.plugins.flatpak.jenkins.config.FlatpakRepositoryConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.GET;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins » Flatpak ({@code /manage/flatpak/}): every Flatpak build of every job, newest first, filtered
 * by status, app id and repository and paged, read from the {@link BuildIndex} and limited to runs the viewer may
 * read; and each configured repository with its published refs. The same data is at {@code api/json}
 * (with the same query parameters). Every entry point checks the permission itself: the link's permission only
 * hides the link.
 */
@Extension
@ExportedBean
public class FlatpakManagementLink extends ManagementLink {
    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getUrlName() {
        return "flatpak";
    }

    @Override
    public String getDisplayName() {
        return "Flatpak";
    }

    @Override
    public String getDescription() {
        return "Flatpak builds of every job, and what each repository has published.";
    }

    @Override
    public Permission getRequiredPermission() {
        return Jenkins.MANAGE;
    }

    @Override
    public Category getCategory() {
        return Category.STATUS;
    }

    private static void checkPage() {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
    }

    public Api getApi() {
        checkPage();
        return new Api(this);
    }

    /** The page of builds the current request asks for ({@code status}, {@code appId}, {@code repo}, {@code page}). */
    @Exported(inline = true)
    public BuildPage getBuilds() {
        checkPage();
        StaplerRequest2 req = Stapler.getCurrentRequest2();
        String page = req == null ? null : req.getParameter("page");
        String size = req == null ? null : req.getParameter("pageSize");
        return query().builds(param(req, "status"), param(req, "appId"), param(req, "repo"), number(page, 1),
                number(size, BuildQuery.DEFAULT_PAGE_SIZE));
    }

    /** Every configured repository with the refs published into it. */
    @Exported(inline = true)
    public List<RepositoryView> getRepositories() {
        checkPage();
        BuildQuery q = query();
        List<RepositoryView> views = new ArrayList<>();
        for (FlatpakRepositoryConfig repo : FlatpakGlobalConfiguration.get().getRepositories()) {
            if (repo.getName() != null) {
                views.add(new RepositoryView(repo, q.publishedRefs(repo.getName())));
            }
        }
        return views;
    }

    /** The status filter values, for the page's select box. */
    public List<String> getStatuses() {
        List<String> ids = new ArrayList<>();
        for (io.jenkins.plugins.flatpak.engine.record.BuildStatus s : io.jenkins.plugins.flatpak.engine.record.BuildStatus.values()) {
            ids.add(s.id());
        }
        return ids;
    }

    /** {@code flatpakrepo?repo=NAME}: the repository's {@code .flatpakrepo} file (public facts only). */
    @GET
    public HttpResponse doFlatpakrepo(@QueryParameter String repo) throws IOException {
        checkPage();
        FlatpakRepositoryConfig config = repo == null ? null : FlatpakGlobalConfiguration.get().repository(repo);
        if (config == null) {
            return HttpResponses.notFound();
        }
        Path file = PublishTarget.simple(config.getName(), Path.of(config.getPath())).flatpakrepoFile();
        if (!Files.isRegularFile(file)) {
            return HttpResponses.errorWithoutStack(404, "repository " + Names.quote(repo)
                    + " has no .flatpakrepo file yet: it is written by the first publish");
        }
        return HttpResponses.text(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Rebuilds the build index from the engine's records (after restoring a backup, or for records made
     * outside Jenkins). Builds keep the run they were linked to.
     */
    @POST
    public HttpResponse doReindex() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        FlatpakHome.get().reindex();
        return HttpResponses.redirectToDot();
    }

    private static BuildQuery query() {
        return new BuildQuery(FlatpakHome.get().index(), new JenkinsRunAccess());
    }

    private static String param(StaplerRequest2 req, String name) {
        if (req == null) {
            return null;
        }
        String v = req.getParameter(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    static int number(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
