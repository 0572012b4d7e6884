package hudson.model;

import java.util.Collection;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface ItemGroup<T extends Item> extends ModelObject {
    String getFullName();

    String getFullDisplayName();

    Collection<T> getItems();

    String getUrl();

    /** Null when there is no such item or the user may not see it; throws when the user may only discover it. */
    T getItem(String name) throws AccessDeniedException;

    default <T2 extends Item> List<T2> getAllItems(Class<T2> type) {
        throw new UnsupportedOperationException("stub");
    }
}
