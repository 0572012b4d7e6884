package io.jenkins.plugins.flatpak.jenkins.steps;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.jenkins.config.FlatpakGlobalConfiguration;
import io.jenkins.plugins.flatpak.jenkins.config.FlatpakRepositoryConfig;
import io.jenkins.plugins.flatpak.jenkins.credentials.GpgSigningKeyCredentials;
import java.util.List;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.gitclient.GitClient;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;

/** Form helpers of the step descriptors (Snippet Generator): checks and list boxes, permission-checked. */
final class StepForms {
    private StepForms() {}

    static FormValidation result(String problem) {
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }

    /**
     * A form check for users who may configure the job (Overall/Administer outside a job); others get no
     * answer, so the checks cannot be used to probe the controller.
     */
    static FormValidation check(Item item, Supplier<String> problem) {
        return mayConfigure(item) ? result(problem.get()) : FormValidation.ok();
    }

    static boolean mayConfigure(Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }

    static String timeoutProblem(String value) {
        String v = StepInputs.clean(value);
        if (v == null) {
            return null;
        }
        try {
            return StepInputs.timeoutProblem(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return "invalid timeout " + Names.quote(v) + ": give whole minutes";
        }
    }

    /**
     * Whether the current user may see which credentials a job can use: credentials-plugin's consumer pattern
     * (Item/Extended Read or Credentials/Use Item on the job; Overall/Administer outside a job).
     */
    static boolean mayListCredentials(Item item) {
        if (item == null) {
            return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        }
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    static ListBoxModel gitCredentials(Item item, String current) {
        return credentials(item, current, GitClient.CREDENTIALS_MATCHER);
    }

    static ListBoxModel gpgCredentials(Item item, String current) {
        return credentials(item, current, CredentialsMatchers.anyOf(
                CredentialsMatchers.instanceOf(GpgSigningKeyCredentials.class),
                CredentialsMatchers.instanceOf(FileCredentials.class)));
    }

    private static ListBoxModel credentials(Item item, String current, CredentialsMatcher matcher) {
        StandardListBoxModel result = new StandardListBoxModel();
        if (!mayListCredentials(item)) {
            result.includeCurrentValue(current);
            return result;
        }
        result.includeEmptyValue();
        if (item == null) {
            result.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, List.of(), matcher);
        } else {
            result.includeMatchingAs(ACL.SYSTEM2, item, StandardCredentials.class, List.of(), matcher);
        }
        result.includeCurrentValue(current);
        return result;
    }

    /** Repositories builds may be published to (configured, without a parent), for users who configure the job. */
    static ListBoxModel publishRepositories(Item item, String current) {
        ListBoxModel result = new ListBoxModel();
        if (!mayConfigure(item)) {
            if (current != null && !current.isEmpty()) {
                result.add(current);
            }
            return result;
        }
        for (FlatpakRepositoryConfig repo : FlatpakGlobalConfiguration.get().getRepositories()) {
            if (!repo.hasParent() && repo.getName() != null) {
                result.add(repo.getTitle() == null ? repo.getName() : repo.getName() + " (" + repo.getTitle() + ")",
                        repo.getName());
            }
        }
        return result;
    }
}
