package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Run;
import hudson.security.Permission;
import java.util.List;
import org.springframework.security.core.Authentication;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements ExtensionPoint, Describable<CredentialsProvider> {
    public static final Permission CREATE = null;
    public static final Permission UPDATE = null;
    public static final Permission VIEW = null;
    public static final Permission DELETE = null;
    public static final Permission MANAGE_DOMAINS = null;
    public static final Permission USE_OWN = null;
    public static final Permission USE_ITEM = null;

    public CredentialsProvider() {}

    public static <C extends IdCredentials> C findCredentialById(String id, Class<C> type, Run<?, ?> run,
            DomainRequirement... domainRequirements) {
        throw new UnsupportedOperationException("stub");
    }

    public static <C extends IdCredentials> C findCredentialById(String id, Class<C> type, Run<?, ?> run,
            List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("stub");
    }

    public static <C extends Credentials> List<C> lookupCredentialsInItem(Class<C> type, Item item,
            Authentication authentication, List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("stub");
    }

    public static <C extends Credentials> List<C> lookupCredentialsInItemGroup(Class<C> type, ItemGroup<?> itemGroup,
            Authentication authentication, List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("stub");
    }

    public static <C extends Credentials> C track(Run<?, ?> run, C credentials) {
        throw new UnsupportedOperationException("stub");
    }

    public static <C extends Credentials> C track(Item item, C credentials) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public Descriptor<CredentialsProvider> getDescriptor() {
        throw new UnsupportedOperationException("stub");
    }
}
