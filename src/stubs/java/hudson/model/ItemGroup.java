package hudson.model;

import java.util.Collection;
import java.util.List;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface ItemGroup<T extends Item> extends ModelObject {
    String getFullName();

    String getFullDisplayName();

    Collection<T> getItems();

    String getUrl();

    T getItem(String name);

    default <T2 extends Item> List<T2> getAllItems(Class<T2> type) {
        throw new UnsupportedOperationException("stub");
    }
}
