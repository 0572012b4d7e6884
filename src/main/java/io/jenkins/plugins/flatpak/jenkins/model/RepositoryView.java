package io.jenkins.plugins.flatpak.jenkins.model;

import io.jenkins.plugins.flatpak.jenkins.config.FlatpakRepositoryConfig;
import java.util.List;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** A configured repository on the management page: where it is, whether it is signed, what it holds. */
@ExportedBean(defaultVisibility = 2)
public final class RepositoryView {
    private final String name;
    private final String title;
    private final String url;
    private final String path;
    private final String parent;
    private final boolean signed;
    private final List<PublishedRef> refs;

    RepositoryView(FlatpakRepositoryConfig config, List<PublishedRef> refs) {
        this.name = config.getName();
        this.title = config.getTitle();
        this.url = config.getUrl();
        this.path = config.getPath();
        this.parent = config.getParentRepository();
        this.signed = config.getGpgCredentialsId() != null;
        this.refs = List.copyOf(refs);
    }

    @Exported
    public String getName() {
        return name;
    }

    @Exported
    public String getTitle() {
        return title;
    }

    @Exported
    public String getUrl() {
        return url;
    }

    @Exported
    public String getPath() {
        return path;
    }

    @Exported
    public String getParentRepository() {
        return parent;
    }

    @Exported
    public boolean isSigned() {
        return signed;
    }

    /**
     * Where users fetch the {@code .flatpakrepo} file: beside the repository at its public URL (the engine writes
     * {@code <repo>.flatpakrepo} next to the repository directory), or null when no http(s) URL is configured.
     */
    @Exported
    public String getFlatpakrepoUrl() {
        return flatpakrepoUrl(url);
    }

    static String flatpakrepoUrl(String url) {
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
            return null;
        }
        String base = url;
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base.isEmpty() || base.endsWith(":") ? null : base + ".flatpakrepo";
    }

    @Exported(inline = true)
    public List<PublishedRef> getRefs() {
        return refs;
    }
}
